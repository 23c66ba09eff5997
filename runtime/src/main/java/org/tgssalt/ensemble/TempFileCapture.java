package org.tgssalt.ensemble;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tgssalt.io.TemporaryFiles;

/**
 * Registers with {@link TemporaryFiles} each temporary file and folder ONNX Runtime marks for
 * deletion at exit, as announced in its FINE log record {@code Deleting FILE on exit}. Java's
 * delete-on-exit removes them in reverse order of marking, the folder (marked last but one) before
 * the provider libraries extracted into it, so the folder stays behind; and nothing is removed on a
 * {@code TERM} before the hook runs. {@link TemporaryFiles#stop()} removes folders with their contents.
 *
 * <p>Best effort: a later ONNX Runtime that words the record differently is simply not captured.
 * Installed once per process; thread-safe.
 */
final class TempFileCapture extends Handler {
    /** ONNX Runtime's loader logger; held here because java.util.logging keeps loggers weakly. */
    private static final Logger ORT_LOADER = Logger.getLogger("ai.onnxruntime.OnnxRuntime");
    private static final Pattern DELETING = Pattern.compile("Deleting (.+) on exit");
    private static boolean installed;

    private final TemporaryFiles registry;

    TempFileCapture(TemporaryFiles registry) {
        this.registry = registry;
        setLevel(Level.FINE);
    }

    /** Listens to ONNX Runtime's loader from now on (once per process). */
    static synchronized void install(TemporaryFiles registry) {
        if (installed) {
            return;
        }
        installed = true;
        if (ORT_LOADER.getLevel() == null || ORT_LOADER.getLevel().intValue() > Level.FINE.intValue()) {
            // FINE records reach this handler; the console handler's own level (INFO) still keeps them off the screen.
            ORT_LOADER.setLevel(Level.FINE);
        }
        ORT_LOADER.addHandler(new TempFileCapture(registry));
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        if (message == null) {
            return;
        }
        Matcher m = DELETING.matcher(message);
        if (m.matches()) {
            try {
                registry.register(Path.of(m.group(1)));
            } catch (IOException | RuntimeException e) {
                // Shutting down already, or not a path: delete-on-exit still does what it can.
            }
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}

package org.tgssalt.cli;

import java.io.PrintStream;
import org.tgssalt.io.TemporaryFiles;

/**
 * The one line a command prints when the JVM is stopped while it runs ({@code TERM}, Ctrl-C): a
 * shutdown hook, installed for the duration of the command, that first removes the process's
 * temporary files ({@link TemporaryFiles#stop()}, which waits for a commit in progress) and then
 * says so. The {@link Launcher} prints nothing else for a failure that follows the stop.
 */
final class StopNotice {
    private final Thread hook;

    private StopNotice(Thread hook) {
        this.hook = hook;
    }

    /** Installs the hook for command {@code name}, printing to {@code err}. */
    static StopNotice install(String name, PrintStream err) {
        Thread hook = new Thread(() -> {
            TemporaryFiles.process().stop();
            err.println("tgs " + name + ": stopped before finishing; temporary files removed, finished outputs "
                    + "left as they were");
            err.flush();
        }, "tgs-stop-notice");
        Runtime.getRuntime().addShutdownHook(hook);
        return new StopNotice(hook);
    }

    /** Removes the hook: the command has finished. Does nothing once the JVM is shutting down. */
    void remove() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Shutdown in progress: the hook is running or has run, as it should.
        }
    }
}

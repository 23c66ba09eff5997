package org.tgssalt.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Writes a file so that readers see either the old content or the complete new content, never a
 * half-written file: the bytes go to a hidden temporary file in the target's directory, which is
 * then moved over the target atomically. The data is not forced to disk (no fsync): that protects
 * readers and failed writes, not a power cut, and keeps writing thousands of small PNGs fast.
 *
 * <p>The temporary file is created with the default permissions of a new file (0666 minus the
 * umask, typically 0644), unlike {@link Files#createTempFile}, whose owner-only 0600 would carry
 * over to the final file. Missing parent directories are created. On failure the temporary file is
 * deleted and the target is left untouched.
 *
 * <pre>{@code
 * AtomicFile.write(dir.resolve("probabilities.f32"), out -> out.write(bytes));
 * AtomicFile.writeString(dir.resolve("ids.txt"), "a\nb\n");
 * }</pre>
 *
 * <p>Thread-safe: concurrent writers of the same target each use their own temporary file; the last
 * move wins.
 */
public final class AtomicFile {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_NAME_ATTEMPTS = 100;

    private AtomicFile() {}

    /**
     * Writes {@code target} with whatever {@code writer} puts into the stream. The stream is
     * buffered; the writer must not close it (closing is harmless, though).
     *
     * @throws IOException if writing or moving fails; the target is then unchanged
     */
    public static void write(Path target, IoConsumer<OutputStream> writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path temp = null;
        boolean moved = false;
        try {
            FileChannel channel = null;
            for (int attempt = 0; channel == null; attempt++) {
                temp = dir.resolve("." + absolute.getFileName() + "." + randomSuffix() + ".tmp");
                try {
                    // CREATE_NEW without explicit attributes: the OS applies the umask (0644 typically).
                    channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    if (attempt >= MAX_NAME_ATTEMPTS) {
                        throw e;
                    }
                }
            }
            try (FileChannel ch = channel;
                    OutputStream out = new BufferedOutputStream(new NonClosingStream(Channels.newOutputStream(ch)))) {
                writer.accept(out);
                out.flush();
            }
            move(temp, absolute);
            moved = true;
        } finally {
            if (!moved && temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Writes {@code text} as UTF-8 to {@code target}, atomically. */
    public static void writeString(Path target, String text) throws IOException {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code target}, atomically. */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so this only happens on unusual file systems; a plain replace is the best left.
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Keeps the writer from closing the channel itself; the owner closes it once. */
    private static final class NonClosingStream extends FilterOutputStream {
        NonClosingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}

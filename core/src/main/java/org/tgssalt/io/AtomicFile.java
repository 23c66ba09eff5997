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
 * deleted and the target is left untouched; the exception names the target and the cause. The
 * temporary file ({@code .NAME.PID-RANDOM.tmp}) is registered with {@link TemporaryFiles#process()},
 * so a {@code TERM} during the write removes it as well; those a {@code kill -9} left are removed by
 * the first atomic write of a later process into the same folder.
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
     * @throws IOException if writing or moving fails, with a message naming {@code target} and the
     *     cause ("No space left on device"); the target is then unchanged
     */
    public static void write(Path target, IoConsumer<OutputStream> writer) throws IOException {
        try (Pending pending = prepare(target, writer)) {
            pending.commit();
        }
    }

    /**
     * Writes the new content to the temporary file only; {@link Pending#commit()} moves it over
     * {@code target}. Lets a caller write several files completely before replacing any of them.
     *
     * <pre>{@code
     * try (AtomicFile.Pending csv = AtomicFile.prepare(a, w1); AtomicFile.Pending json = AtomicFile.prepare(b, w2)) {
     *     csv.commit();    // renames only: both files were written in full before either is replaced
     *     json.commit();
     * }                    // closing an uncommitted one deletes its temporary file
     * }</pre>
     *
     * @throws IOException naming {@code target} and the cause; nothing is left behind then
     */
    public static Pending prepare(Path target, IoConsumer<OutputStream> writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        TemporaryFiles.Registration temp;
        try {
            Path dir = absolute.getParent();
            TemporaryFileLeftovers.sweepOnce(dir); // a folder that does not exist yet holds nothing to sweep
            // Registered while it exists, so that a TERM in the middle of a write removes it too.
            temp = newTemporary(absolute, dir);
        } catch (TemporaryFiles.StoppingException e) {
            throw e;
        } catch (IOException e) {
            throw failure(target, e);
        }
        Pending pending = new Pending(target, absolute, temp);
        try (FileChannel ch = FileChannel.open(temp.path(), StandardOpenOption.WRITE);
                OutputStream out = new BufferedOutputStream(new NonClosingStream(Channels.newOutputStream(ch)))) {
            writer.accept(out);
            out.flush();
        } catch (IOException e) {
            pending.close();
            throw failure(target, e);
        } catch (RuntimeException | Error e) {
            pending.close();
            throw e;
        }
        return pending;
    }

    /** A fully written temporary file waiting to replace its target. Not thread-safe. */
    public static final class Pending implements AutoCloseable {
        private final Path target;
        private final Path absolute;
        private final TemporaryFiles.Registration temp;
        private boolean done;

        private Pending(Path target, Path absolute, TemporaryFiles.Registration temp) {
            this.target = target;
            this.absolute = absolute;
            this.temp = temp;
        }

        /** The file this will replace. */
        public Path target() {
            return target;
        }

        /**
         * Moves the new content over the target (atomically where the file system can).
         *
         * @throws IOException naming the target and the cause; the target is then unchanged
         */
        public void commit() throws IOException {
            if (done) {
                throw new IllegalStateException(target + " was already committed or discarded");
            }
            try {
                move(temp.path(), absolute);
            } catch (IOException e) {
                close();
                throw failure(target, e);
            }
            done = true;
            temp.close();
        }

        /** Deletes the temporary file unless committed. Idempotent. */
        @Override
        public void close() {
            if (!done) {
                done = true;
                try {
                    Files.deleteIfExists(temp.path());
                } catch (IOException e) {
                    // Left for the shutdown hook: the registration stays until the process ends.
                    return;
                }
                temp.close();
            }
        }
    }

    private static IOException failure(Path target, IOException e) {
        return new IOException(target + ": cannot write: " + IoReason.of(e, target), e);
    }

    /** Writes {@code text} as UTF-8 to {@code target}, atomically. */
    public static void writeString(Path target, String text) throws IOException {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code target}, atomically. */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    private static TemporaryFiles.Registration newTemporary(Path absolute, Path dir) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return TemporaryFiles.process().newFile(
                        dir.resolve(TemporaryFileLeftovers.temporaryName(absolute.getFileName().toString(),
                                randomSuffix())));
            } catch (FileAlreadyExistsException e) {
                if (attempt >= MAX_NAME_ATTEMPTS) {
                    throw e;
                }
            }
        }
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

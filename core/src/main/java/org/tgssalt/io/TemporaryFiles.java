package org.tgssalt.io;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The temporary files and folders a process is writing (a file on its way to an atomic move, a
 * staging folder of outputs): if the JVM shuts down before they are moved into place or deleted (on
 * {@code TERM}, Ctrl-C, or {@code System.exit} from another thread), {@link #stop()} removes them.
 * The process-wide instance, {@link #process()}, does that from a shutdown hook. A {@code kill -9}
 * runs no hook; {@link StagedFolder} cleans its own leftovers on the next run.
 *
 * <p>Commits: {@link #commit(IoAction)} runs a short sequence of renames under the same lock as
 * {@link #stop()}, so a shutdown finds a commit either finished or not begun; after {@link #stop()}
 * new temporary paths and commits are refused ({@link StoppingException}), so nothing new appears
 * while the hook cleans up.
 *
 * <pre>{@code
 * try (TemporaryFiles.Registration temp = TemporaryFiles.process().newFile(dir.resolve(".x.tmp"))) {
 *     ... write, then move temp.path() into place ...
 * }   // closing unregisters; it does not delete
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class TemporaryFiles {
    // One per JVM, like the JVM's shutdown itself; tests make their own instances.
    private static final TemporaryFiles PROCESS = new TemporaryFiles();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(PROCESS::stop, "tgs-temporary-files"));
    }

    private final Object lock = new Object();
    private final Set<Path> paths = new LinkedHashSet<>();
    private boolean stopping;

    /**
     * A registry of its own, without a shutdown hook: for tests, and for code that calls
     * {@link #stop()} itself. Everything else uses {@link #process()}.
     */
    public TemporaryFiles() {}

    /** The process's registry, cleaned by a shutdown hook. */
    public static TemporaryFiles process() {
        return PROCESS;
    }

    /** A temporary path, removed by {@link #stop()} until {@link #close()} unregisters it. */
    public final class Registration implements AutoCloseable {
        private final Path path;

        private Registration(Path path) {
            this.path = path;
        }

        /** The registered path. */
        public Path path() {
            return path;
        }

        /** Unregisters the path (the caller has moved or deleted it). Idempotent. */
        @Override
        public void close() {
            synchronized (lock) {
                paths.remove(path);
            }
        }
    }

    /** Thrown instead of creating a temporary path or committing once the process is shutting down. */
    public static final class StoppingException extends IOException {
        private static final long serialVersionUID = 1L;

        StoppingException(String what) {
            super("the process is shutting down: not " + what);
        }
    }

    /** Something that may throw {@link IOException}. */
    @FunctionalInterface
    public interface IoAction {
        /** Does it. */
        void run() throws IOException;
    }

    /**
     * Creates an empty file (its missing parent folders too) and registers it.
     *
     * @throws java.nio.file.FileAlreadyExistsException when it exists
     * @throws StoppingException once {@link #stop()} has run
     */
    public Registration newFile(Path file) throws IOException {
        synchronized (lock) {
            checkRunning("creating " + file);
            Files.createDirectories(file.toAbsolutePath().getParent());
            // Default attributes: the OS applies the umask (0644 typically), not Files.createTempFile's 0600.
            Files.createFile(file);
            return add(file);
        }
    }

    /**
     * Creates a folder (its parent must exist) and registers it.
     *
     * @throws StoppingException once {@link #stop()} has run
     */
    public Registration newFolder(Path folder) throws IOException {
        synchronized (lock) {
            checkRunning("creating " + folder);
            Files.createDirectory(folder);
            return add(folder);
        }
    }

    /**
     * Registers an existing path (an old set of outputs on its way out, say).
     *
     * @throws StoppingException once {@link #stop()} has run
     */
    public Registration register(Path existing) throws IOException {
        synchronized (lock) {
            checkRunning("registering " + existing);
            return add(existing);
        }
    }

    /**
     * Runs {@code action} (a few renames) so that {@link #stop()} cannot run in the middle of it.
     *
     * @throws StoppingException once {@link #stop()} has run; {@code action} then does not run
     */
    public void commit(IoAction action) throws IOException {
        synchronized (lock) {
            checkRunning("committing outputs");
            action.run();
        }
    }

    /** True once {@link #stop()} has run: the process is going down. */
    public boolean stopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    /**
     * Marks the process as stopping and removes every registered path, newest first, folders with
     * their contents. Waits for a commit in progress. Idempotent.
     *
     * @return the paths removed by this call
     */
    public List<Path> stop() {
        synchronized (lock) {
            stopping = true;
            List<Path> newestFirst = new ArrayList<>(paths);
            java.util.Collections.reverse(newestFirst);
            List<Path> removed = new ArrayList<>();
            for (Path p : newestFirst) {
                if (deleteTree(p)) {
                    removed.add(p);
                }
            }
            paths.clear();
            return removed;
        }
    }

    /**
     * For long loops: throws once {@link #stop()} has run, so that the work ends instead of racing
     * the shutdown hook.
     *
     * @param what what would be done next, for the message ("scoring further images")
     */
    public void requireRunning(String what) throws StoppingException {
        synchronized (lock) {
            checkRunning(what);
        }
    }

    private void checkRunning(String what) throws StoppingException {
        if (stopping) {
            throw new StoppingException(what);
        }
    }

    private Registration add(Path path) {
        paths.add(path);
        return new Registration(path);
    }

    /**
     * Deletes a file or a folder with everything in it; true when something was deleted. Tries a
     * few times because a writer that started before the stop may still add one last file.
     */
    static boolean deleteTree(Path root) {
        boolean existed = Files.exists(root, LinkOption.NOFOLLOW_LINKS);
        for (int attempt = 0; attempt < 20 && Files.exists(root, LinkOption.NOFOLLOW_LINKS); attempt++) {
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.deleteIfExists(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof NoSuchFileException) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                        Files.deleteIfExists(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (DirectoryNotEmptyException e) {
                pause();
            } catch (IOException e) {
                return false; // best effort: a shutdown hook has nobody left to tell
            }
        }
        return existed;
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

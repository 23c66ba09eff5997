package org.tgssalt.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.tgssalt.InputException;

/**
 * A folder of outputs (one PNG per image, say) replaced as one set, so that a failed or stopped run
 * leaves the earlier set exactly as it was. The run writes into a staging folder beside the target;
 * {@link #commit()} swaps it in with two renames.
 *
 * <p>Beside {@code TARGET} (its real path: a symbolic link to a folder is followed and keeps pointing
 * at it) there are, while a run works on it:
 * <ul>
 *   <li>{@code .NAME.staging-PID}: the new set. It starts with hard links to the files already in
 *       {@code TARGET} (copies where links are impossible), so files the run does not rewrite are kept,
 *       as when outputs were written in place; new files replace links, never write through them.</li>
 *   <li>{@code .NAME.previous-PID}: the earlier set, during the swap.</li>
 * </ul>
 * Commit: rename {@code TARGET} to {@code .previous-PID}, rename {@code .staging-PID} to
 * {@code TARGET}; {@link #close()} then deletes {@code .previous-PID}. What a stop leaves:
 * <ul>
 *   <li>a failure, {@code TERM} or Ctrl-C before the commit: the staging folder is removed
 *       ({@link #close()}, or {@link TemporaryFiles}' shutdown hook); {@code TARGET} is untouched;</li>
 *   <li>{@code TERM} during the commit: the hook waits for the renames ({@link TemporaryFiles#commit}),
 *       then removes {@code .previous-PID};</li>
 *   <li>{@code kill -9} before the commit: {@code .staging-PID} stays; the next {@link #open} of the
 *       same target deletes it;</li>
 *   <li>{@code kill -9} between the two renames: {@code TARGET} is missing and {@code .previous-PID}
 *       holds the earlier set; the next {@link #open} renames it back;</li>
 *   <li>{@code kill -9} after the second rename: {@code .previous-PID} stays; the next {@link #open}
 *       deletes it.</li>
 * </ul>
 * Each of these is said in one line through the {@code notes} of {@link #open}. A leftover whose
 * process is still running (another run writing the same folder) is refused, not touched.
 *
 * <pre>{@code
 * StagedFolder.check(overlays);                       // before any work: refuses what cannot be swapped
 * try (StagedFolder staged = StagedFolder.open(overlays, System.err::println)) {
 *     PngImageWriter.writeImage(image, staged.path().resolve("a.png"));
 *     staged.commit();
 * }                                                   // not committed: the staging folder is deleted
 * }</pre>
 *
 * <p>Not thread-safe: one writer thread per instance. Needs a file system with atomic renames within
 * a folder (every local one).
 */
public final class StagedFolder implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private final Path previous;
    private final TemporaryFiles.Registration stagingRegistration;
    private TemporaryFiles.Registration previousRegistration;
    private boolean committed;
    private boolean closed;

    private StagedFolder(Path target, TemporaryFiles.Registration staging) {
        this.target = target;
        this.staging = staging.path();
        this.previous = StagingLeftovers.previousOf(target, ProcessHandle.current().pid());
        this.stagingRegistration = staging;
    }

    /**
     * Refuses, before anything is written, a target that cannot be swapped as a set: a file, a folder
     * holding anything but files and symbolic links, or a folder another running process is
     * writing. Writes nothing.
     *
     * @throws InputException naming the target and the problem
     */
    public static void check(Path target) {
        Path real = RealPath.of(target).path();
        if (Files.exists(real)) {
            if (!Files.isDirectory(real)) {
                throw new InputException(target.toString(), "not a folder (the output folder must be a folder or "
                        + "not exist yet)");
            }
            for (Path entry : entries(real)) {
                if (!Files.isRegularFile(entry) && !Files.isSymbolicLink(entry)) {
                    throw new InputException(target.toString(), "holds " + entry.getFileName() + ", which is not a "
                            + "file; the output folder is replaced as one set of files, so move it elsewhere");
                }
            }
        }
        StagingLeftovers.of(real).refuseLive(target);
    }

    /**
     * Cleans up what interrupted runs left beside {@code target} (saying so through {@code notes}),
     * then creates the staging folder with links to the files already in {@code target}.
     *
     * @throws InputException when {@link #check} refuses the target
     * @throws IOException naming the folder and the cause
     */
    public static StagedFolder open(Path target, Consumer<String> notes) throws IOException {
        check(target);
        Path real = RealPath.of(target).path();
        Files.createDirectories(real.getParent());
        StagingLeftovers.of(real).recover(notes);
        Path stagingPath = StagingLeftovers.stagingOf(real, ProcessHandle.current().pid());
        TemporaryFiles.Registration staging;
        try {
            staging = TemporaryFiles.process().newFolder(stagingPath);
        } catch (TemporaryFiles.StoppingException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(stagingPath + ": cannot create the staging folder for " + target + ": "
                    + IoReason.of(e, stagingPath), e);
        }
        StagedFolder folder = new StagedFolder(real, staging);
        try {
            folder.carryOver();
        } catch (IOException | RuntimeException e) {
            folder.close();
            throw e;
        }
        return folder;
    }

    /** The staging folder: write the new set here. */
    public Path path() {
        return staging;
    }

    /** The folder that {@link #commit()} replaces (real path). */
    public Path target() {
        return target;
    }

    /**
     * Swaps the staging folder in: the earlier set moves aside, the new set takes its name. Runs
     * inside {@link TemporaryFiles#commit}, so a {@code TERM} never splits the two renames; call it
     * inside an enclosing commit to swap several outputs together.
     *
     * @throws IOException naming the target and the cause; the earlier set is then back in place
     */
    public void commit() throws IOException {
        if (committed || closed) {
            throw new IllegalStateException(target + " was already committed or discarded");
        }
        TemporaryFiles.process().commit(() -> {
            boolean hadEarlier = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
            try {
                if (hadEarlier) {
                    move(target, previous);
                    previousRegistration = TemporaryFiles.process().register(previous);
                }
                move(staging, target);
            } catch (IOException e) {
                if (hadEarlier && !Files.exists(target, LinkOption.NOFOLLOW_LINKS) && Files.exists(previous)) {
                    move(previous, target);
                    previousRegistration.close();
                    previousRegistration = null;
                }
                throw new IOException(target + ": cannot replace the folder with the new set: "
                        + IoReason.of(e, target), e);
            }
            stagingRegistration.close();
            committed = true;
        });
    }

    /**
     * After {@link #commit()}: deletes the earlier set. Otherwise: deletes the staging folder, leaving
     * the target as it was. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (committed) {
            if (previousRegistration != null) {
                TemporaryFiles.deleteTree(previous);
                previousRegistration.close();
            }
        } else {
            TemporaryFiles.deleteTree(staging);
            stagingRegistration.close();
        }
    }

    /** Fills the staging folder with links to (or copies of) the target's files, and its permissions. */
    private void carryOver() throws IOException {
        if (!Files.isDirectory(target)) {
            return;
        }
        PosixFileAttributeView from = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        PosixFileAttributeView to = Files.getFileAttributeView(staging, PosixFileAttributeView.class);
        if (from != null && to != null) {
            to.setPermissions(from.readAttributes().permissions());
        }
        for (Path entry : entries(target)) {
            Path link = staging.resolve(entry.getFileName().toString());
            try {
                if (Files.isSymbolicLink(entry)) {
                    Files.createSymbolicLink(link, Files.readSymbolicLink(entry));
                } else {
                    linkOrCopy(entry, link);
                }
            } catch (IOException e) {
                throw new IOException(entry + ": cannot carry the file over into " + staging + ": "
                        + IoReason.of(e, entry), e);
            }
        }
    }

    private static void linkOrCopy(Path existing, Path link) throws IOException {
        try {
            Files.createLink(link, existing);
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(existing, link, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    static List<Path> entries(Path folder) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            throw new InputException(folder.toString(), "cannot list the folder: " + IoReason.of(e, folder), e);
        }
        entries.sort(null);
        return entries;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}

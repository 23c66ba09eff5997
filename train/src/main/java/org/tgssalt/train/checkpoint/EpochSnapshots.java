package org.tgssalt.train.checkpoint;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tgssalt.InputException;
import org.tgssalt.io.IoConsumer;
import org.tgssalt.io.Sha256;

/**
 * Epoch snapshots: everything a stopped run needs to continue after its last completed epoch, in
 * {@code FOLD/state/epoch-NNNN/}: {@code parameters.params} (the network after the epoch), {@code optimizer.ndlist}
 * (Adam's moments and step counts), {@code best.params} (the best epoch's parameters), {@code history.csv} and
 * {@code state.json} ({@link TrainingState}, with the SHA-256 of each other file).
 *
 * <p>A snapshot is complete or absent, whatever moment the process dies: it is written into a hidden temporary
 * folder, each file forced to disk, and renamed into place in one atomic step; only then are older snapshots
 * removed (renamed aside first, so that no visible {@code epoch-NNNN} folder is ever half deleted). Readers take the
 * highest-numbered visible folder and check every file's digest, so a file damaged afterwards is reported by name
 * instead of being used.
 *
 * <pre>{@code
 * Optional<EpochSnapshot> last = EpochSnapshots.latest(foldDir);   // verified, or InputException naming the file
 * EpochSnapshots.write(foldDir, state, Map.of(EpochSnapshots.PARAMETERS_FILE, out -> net.saveParameters(...), ...));
 * }</pre>
 *
 * <p>Not thread-safe for one fold directory: one writer.
 */
public final class EpochSnapshots {
    /** The folder inside the fold directory. */
    public static final String FOLDER = "state";
    /** The state record. */
    public static final String STATE_FILE = "state.json";
    /** The network's parameters after the epoch. */
    public static final String PARAMETERS_FILE = "parameters.params";
    /** The optimiser's state. */
    public static final String OPTIMIZER_FILE = "optimizer.ndlist";
    /** The best epoch's parameters. */
    public static final String BEST_PARAMETERS_FILE = "best.params";
    /** The epochs so far. */
    public static final String HISTORY_FILE = "history.csv";

    private static final List<String> REQUIRED = List.of(PARAMETERS_FILE, OPTIMIZER_FILE, HISTORY_FILE);
    private static final Pattern SNAPSHOT = Pattern.compile("epoch-([0-9]{4,9})");
    private static final String DISCARDED = ".discarded";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EpochSnapshots() {}

    /** The snapshot folder name of {@code epochs} completed epochs, e.g. {@code epoch-0012}. */
    public static String folderName(int epochs) {
        return String.format(Locale.ROOT, "epoch-%04d", epochs);
    }

    /**
     * Writes the snapshot of {@code state.epochsCompleted()} epochs and makes it the latest, then removes older ones.
     *
     * @param state the state; its file digests are filled in here
     * @param files each file's name and what writes its bytes (the stream is buffered; do not close it)
     * @return the snapshot written
     */
    public static EpochSnapshot write(Path foldDir, TrainingState state, Map<String, IoConsumer<OutputStream>> files)
            throws IOException {
        for (String required : REQUIRED) {
            if (!files.containsKey(required)) {
                throw new IllegalArgumentException("an epoch snapshot needs " + required);
            }
        }
        Path root = foldDir.toAbsolutePath().resolve(FOLDER);
        Files.createDirectories(root);
        String name = folderName(state.epochsCompleted());
        Path temp = root.resolve("." + name + "." + randomSuffix() + ".tmp");
        Files.createDirectory(temp);
        try {
            Map<String, String> digests = new TreeMap<>();
            for (Map.Entry<String, IoConsumer<OutputStream>> f : files.entrySet()) {
                digests.put(f.getKey(), writeForced(temp.resolve(f.getKey()), f.getValue()));
            }
            TrainingState complete = state.withFiles(digests);
            byte[] json = JSON.writeValueAsBytes(complete);
            writeForced(temp.resolve(STATE_FILE), out -> out.write(json));
            forceDirectory(temp);
            Path target = root.resolve(name);
            if (Files.exists(target)) {
                // only when an epoch is redone after its snapshot could not be read; the new one replaces it
                discardTree(target);
            }
            move(temp, target);
            forceDirectory(root);
            removeAllBut(root, name);
            return new EpochSnapshot(target, complete);
        } finally {
            if (Files.exists(temp)) {
                deleteTree(temp);
            }
        }
    }

    /**
     * The latest snapshot in {@code foldDir}, verified.
     *
     * @return empty when there is none (a fresh or finished fold, or one stopped before its first epoch ended)
     * @throws InputException naming the file when the snapshot is damaged: {@code state.json} unreadable, a listed file
     *     missing, or a file whose SHA-256 differs from the recorded one (corrupted or truncated)
     */
    public static Optional<EpochSnapshot> latest(Path foldDir) throws IOException {
        Path root = foldDir.resolve(FOLDER);
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        Optional<Path> newest;
        try (Stream<Path> children = Files.list(root)) {
            newest = children.filter(p -> epochOf(p) >= 0 && Files.isDirectory(p))
                    .max(Comparator.comparingInt(EpochSnapshots::epochOf));
        }
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Path dir = newest.get();
        TrainingState state = readState(dir.resolve(STATE_FILE));
        if (state.epochsCompleted() != epochOf(dir)) {
            throw new InputException(dir.resolve(STATE_FILE).toString(), "records " + state.epochsCompleted()
                    + " completed epochs, but it is in " + dir.getFileName());
        }
        for (String required : REQUIRED) {
            if (!state.files().containsKey(required)) {
                throw new InputException(dir.resolve(STATE_FILE).toString(), "lists no " + required);
            }
        }
        for (Map.Entry<String, String> f : state.files().entrySet()) {
            verify(dir.resolve(f.getKey()), f.getValue());
        }
        return Optional.of(new EpochSnapshot(dir, state));
    }

    /**
     * Removes every snapshot of the fold (when it has finished, or before a fresh start), with the leftovers of
     * interrupted writes and of an interrupted earlier removal.
     */
    public static void discard(Path foldDir) throws IOException {
        Path dir = foldDir.toAbsolutePath();
        if (Files.exists(dir.resolve(FOLDER))) {
            discardTree(dir.resolve(FOLDER));
        }
        if (Files.isDirectory(dir)) {
            String leftover = "." + FOLDER + ".";
            List<Path> aside;
            try (Stream<Path> children = Files.list(dir)) {
                aside = children.filter(p -> p.getFileName().toString().startsWith(leftover)
                        && p.getFileName().toString().endsWith(DISCARDED)).toList();
            }
            for (Path p : aside) {
                deleteTree(p);
            }
        }
    }

    private static TrainingState readState(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            TrainingState state = JSON.readValue(in, TrainingState.class);
            if (state.schemaVersion() != TrainingState.SCHEMA_VERSION) {
                throw new InputException(file.toString(), "schema version " + state.schemaVersion()
                        + ", this build reads " + TrainingState.SCHEMA_VERSION);
            }
            return state;
        } catch (NoSuchFileException e) {
            throw new InputException(file.toString(), "missing: the snapshot folder is damaged");
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new InputException(file.toString(), "corrupted or truncated: not a training state ("
                    + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    private static void verify(Path file, String expected) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file.toString(), "missing, though " + STATE_FILE + " lists it");
        }
        String actual = Sha256.ofFile(file);
        if (!actual.equals(expected)) {
            throw new InputException(file.toString(), "corrupted or truncated (" + Files.size(file)
                    + " bytes): SHA-256 " + actual + ", " + STATE_FILE + " records " + expected);
        }
    }

    private static int epochOf(Path dir) {
        Matcher m = SNAPSHOT.matcher(dir.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Writes a file, forces it to disk and returns its SHA-256. */
    private static String writeForced(Path file, IoConsumer<OutputStream> writer) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(new DigestOutputStream(Channels.newOutputStream(channel), digest));
            writer.accept(out);
            out.flush();
            // the rename below must never publish data still in the page cache of a machine that then goes down
            channel.force(true);
        }
        return Sha256.hex(digest);
    }

    /** Forces a directory's entries to disk; skipped where the platform cannot open a directory (Windows). */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not supported here: the rename is still atomic for readers, only a power cut could reorder it
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // same directory, so only on unusual file systems; a plain move is the best left
            Files.move(from, to);
        }
    }

    /** Removes every entry of {@code root} but {@code keep}: older snapshots and leftovers of killed writes. */
    private static void removeAllBut(Path root, String keep) throws IOException {
        List<Path> others;
        try (Stream<Path> children = Files.list(root)) {
            others = children.filter(p -> !p.getFileName().toString().equals(keep)).toList();
        }
        for (Path p : others) {
            discardTree(p);
        }
    }

    /** Renames {@code dir} aside (atomically hidden from readers), then deletes it. */
    private static void discardTree(Path path) throws IOException {
        Path aside = path.getFileName().toString().startsWith(".") ? path
                : path.resolveSibling("." + path.getFileName() + "." + randomSuffix() + DISCARDED);
        if (!aside.equals(path)) {
            move(path, aside);
        }
        deleteTree(aside);
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

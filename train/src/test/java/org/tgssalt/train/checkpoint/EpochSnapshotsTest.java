package org.tgssalt.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.io.IoConsumer;
import org.tgssalt.io.Sha256;
import org.tgssalt.train.model.SaltNetConfig;

/** Epoch snapshots are complete or invisible, the latest wins, and damage is reported by file name. */
class EpochSnapshotsTest {
    private static final CheckpointInfo INFO = CheckpointsTest.info(new SaltNetConfig(0.25, true, true, true, 2));

    private static TrainingState state(int epochs) {
        CheckpointInfo info = new CheckpointInfo(INFO.schemaVersion(), INFO.fold(), INFO.folds(), INFO.architecture(),
                INFO.training(), 1, 0.5, epochs, INFO.trainingSamples(), INFO.validationSamples(), INFO.dataHash(),
                INFO.topology(), INFO.libraries());
        return new TrainingState(TrainingState.SCHEMA_VERSION, info, "v".repeat(64), 10L * epochs, Map.of());
    }

    private static Map<String, IoConsumer<OutputStream>> files(String tag) {
        Map<String, IoConsumer<OutputStream>> files = new LinkedHashMap<>();
        for (String name : List.of(EpochSnapshots.PARAMETERS_FILE, EpochSnapshots.OPTIMIZER_FILE,
                EpochSnapshots.HISTORY_FILE)) {
            files.put(name, out -> out.write((name + " " + tag).getBytes(StandardCharsets.UTF_8)));
        }
        return files;
    }

    private static List<String> entries(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theLatestSnapshotIsReadBackVerifiedAndOlderOnesGo(@TempDir Path fold) throws Exception {
        assertTrue(EpochSnapshots.latest(fold).isEmpty());
        EpochSnapshots.write(fold, state(1), files("one"));
        EpochSnapshot written = EpochSnapshots.write(fold, state(2), files("two"));

        EpochSnapshot read = EpochSnapshots.latest(fold).orElseThrow();
        assertEquals(written, read);
        assertEquals(fold.resolve("state/epoch-0002").toAbsolutePath(), read.directory().toAbsolutePath());
        assertEquals(2, read.state().epochsCompleted());
        assertEquals(20, read.state().stepRows());
        assertEquals("parameters.params two", Files.readString(read.parameters()));
        assertEquals(Sha256.of("optimizer.ndlist two".getBytes(StandardCharsets.UTF_8)),
                read.state().files().get(EpochSnapshots.OPTIMIZER_FILE));
        assertTrue(read.bestParameters().isEmpty());
        assertEquals(List.of("epoch-0002"), entries(fold.resolve("state")));
        assertEquals(List.of("history.csv", "optimizer.ndlist", "parameters.params", "state.json"),
                entries(read.directory()));
    }

    /** A process killed while writing leaves a hidden folder: readers never see it, the next write removes it. */
    @Test
    void aHalfWrittenSnapshotIsInvisibleAndCleanedUp(@TempDir Path fold) throws Exception {
        EpochSnapshots.write(fold, state(1), files("one"));
        Path killed = Files.createDirectories(fold.resolve("state/.epoch-0002.0123456789ab.tmp"));
        Files.writeString(killed.resolve(EpochSnapshots.PARAMETERS_FILE), "half");
        assertEquals(1, EpochSnapshots.latest(fold).orElseThrow().state().epochsCompleted());

        EpochSnapshots.write(fold, state(2), files("two"));
        assertEquals(List.of("epoch-0002"), entries(fold.resolve("state")));
    }

    @Test
    void aWriterThatFailsLeavesTheLatestSnapshotAsItWas(@TempDir Path fold) throws Exception {
        EpochSnapshots.write(fold, state(1), files("one"));
        Map<String, IoConsumer<OutputStream>> failing = files("two");
        failing.put(EpochSnapshots.HISTORY_FILE, out -> {
            out.write(1);
            throw new java.io.IOException("disk full");
        });
        assertThrows(java.io.IOException.class, () -> EpochSnapshots.write(fold, state(2), failing));
        assertEquals(1, EpochSnapshots.latest(fold).orElseThrow().state().epochsCompleted());
        assertEquals(List.of("epoch-0001"), entries(fold.resolve("state")));
    }

    @Test
    void aCorruptedOrTruncatedFileIsNamed(@TempDir Path fold) throws Exception {
        EpochSnapshot s = EpochSnapshots.write(fold, state(3), files("three"));
        byte[] bytes = Files.readAllBytes(s.optimizer());
        bytes[3] ^= 1;
        Files.write(s.optimizer(), bytes);
        InputException flipped = assertThrows(InputException.class, () -> EpochSnapshots.latest(fold));
        assertTrue(flipped.getMessage().startsWith(s.optimizer() + ": corrupted or truncated (22 bytes): SHA-256 "),
                flipped.getMessage());
        assertTrue(flipped.getMessage().endsWith("state.json records " + s.state().files().get("optimizer.ndlist")),
                flipped.getMessage());

        bytes[3] ^= 1;
        Files.write(s.optimizer(), bytes);
        Files.write(s.parameters(), Arrays.copyOf(Files.readAllBytes(s.parameters()), 5));
        InputException truncated = assertThrows(InputException.class, () -> EpochSnapshots.latest(fold));
        assertTrue(truncated.getMessage().startsWith(s.parameters() + ": corrupted or truncated (5 bytes)"),
                truncated.getMessage());

        Files.delete(s.parameters());
        InputException missing = assertThrows(InputException.class, () -> EpochSnapshots.latest(fold));
        assertEquals(s.parameters() + ": missing, though state.json lists it", missing.getMessage());

        byte[] json = Files.readAllBytes(s.stateFile());
        Files.write(s.stateFile(), Arrays.copyOf(json, json.length / 2));
        InputException state = assertThrows(InputException.class, () -> EpochSnapshots.latest(fold));
        assertTrue(state.getMessage().startsWith(s.stateFile() + ": corrupted or truncated: not a training state"),
                state.getMessage());
    }

    @Test
    void aStateInTheWrongFolderIsRefused(@TempDir Path fold) throws Exception {
        EpochSnapshot s = EpochSnapshots.write(fold, state(3), files("three"));
        Files.move(s.directory(), s.directory().resolveSibling("epoch-0004"));
        InputException e = assertThrows(InputException.class, () -> EpochSnapshots.latest(fold));
        assertTrue(e.getMessage().endsWith("records 3 completed epochs, but it is in epoch-0004"), e.getMessage());
    }

    @Test
    void discardRemovesEverySnapshotAndLeftover(@TempDir Path fold) throws Exception {
        EpochSnapshots.write(fold, state(1), files("one"));
        Path interrupted = Files.createDirectories(fold.resolve(".state.0123456789ab.discarded/epoch-0001"));
        Files.writeString(interrupted.resolve("x"), "x");
        Files.writeString(fold.resolve("checkpoint.json"), "{}");
        EpochSnapshots.discard(fold);
        assertTrue(EpochSnapshots.latest(fold).isEmpty());
        assertEquals(List.of("checkpoint.json"), entries(fold));
        EpochSnapshots.discard(fold);
        assertFalse(Files.exists(fold.resolve("state")));
    }

    @Test
    void aSnapshotNeedsItsCoreFiles(@TempDir Path fold) {
        Map<String, IoConsumer<OutputStream>> files = files("x");
        files.remove(EpochSnapshots.OPTIMIZER_FILE);
        assertThrows(IllegalArgumentException.class, () -> EpochSnapshots.write(fold, state(1), files));
        assertArrayEquals(new String[0], fold.toFile().list());
    }
}

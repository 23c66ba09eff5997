package org.tgssalt.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.io.Sha256;
import org.tgssalt.progress.PlainProgress;
import org.tgssalt.train.checkpoint.EpochSnapshot;
import org.tgssalt.train.checkpoint.EpochSnapshots;
import org.tgssalt.train.report.StepLog;

/**
 * What a stopped run refuses, each with a message naming the file and the problem, and without touching the run:
 * being restarted without {@code --continue}, other settings, other data, a damaged snapshot, a changed step log.
 * One run, stopped in its second epoch, serves every case (each test works on a copy).
 */
class ContinueRefusalTest {
    @TempDir
    static Path shared;

    static Path stoppedRun;

    @BeforeAll
    static void stopARun() throws Exception {
        stoppedRun = shared.resolve("run/fold-1");
        ContinueTrainingTest.stop(stoppedRun, false, 2);
    }

    private static Path copy(Path dir) throws Exception {
        Path target = dir.resolve("fold-1");
        try (Stream<Path> walk = Files.walk(stoppedRun)) {
            for (Path p : walk.toList()) {
                Path to = target.resolve(stoppedRun.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return target;
    }

    private static FoldTrainer trainer(FoldSettings settings) {
        return new FoldTrainer(settings, BlobSamples.source(ContinueTrainingTest.SAMPLES), Device.cpu(),
                PlainProgress.FACTORY, new PrintStream(OutputStream.nullOutputStream()));
    }

    private static String digest(Path fold) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> walk = Files.walk(fold.resolve(EpochSnapshots.FOLDER))) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                all.append(p.getFileName()).append(Sha256.ofFile(p));
            }
        }
        return all.toString();
    }

    @Test
    void aStoppedRunIsNotReplacedByANewOne(@TempDir Path dir) throws Exception {
        Path fold = copy(dir);
        String before = digest(fold);
        InputException e = assertThrows(InputException.class, () -> trainer(ContinueTrainingTest.settings(false, 1e-2, 3))
                .train(ContinueTrainingTest.plan(), fold));
        assertEquals(fold + ": holds a stopped training run (1 of 4 epochs done, state in epoch-0001); add --continue "
                + dir + " to pick it up, or choose another --out", e.getMessage());
        assertEquals(before, digest(fold));
    }

    @Test
    void otherSettingsAreRefusedNamingEach(@TempDir Path dir) throws Exception {
        Path fold = copy(dir);
        String before = digest(fold);
        InputException e = assertThrows(InputException.class, () -> trainer(ContinueTrainingTest.settings(true, 2e-2, 4))
                .train(ContinueTrainingTest.plan(), fold));
        assertEquals(fold.resolve("state/epoch-0001/state.json").toAbsolutePath() + ": the run was trained with other"
                + " settings or data; --continue needs the same: --batch 3 (run) vs 4 (now); --lr 0.01 (run) vs 0.02"
                + " (now) (to change them, start a new run in another --out, or a new stage with --resume)",
                e.getMessage());
        assertEquals(before, digest(fold));
    }

    @Test
    void otherDataIsRefused(@TempDir Path dir) throws Exception {
        Path fold = copy(dir);
        List<String> ids = BlobSamples.ids(ContinueTrainingTest.SAMPLES);
        // the same counts, one training and one validation id swapped
        List<String> training = new ArrayList<>(ids.subList(0, 5));
        training.add(ids.get(6));
        FoldPlan swapped = new FoldPlan(1, 3, training, List.of(ids.get(5), ids.get(7)));
        InputException e = assertThrows(InputException.class,
                () -> trainer(ContinueTrainingTest.settings(true, 1e-2, 3)).train(swapped, fold));
        assertTrue(e.getMessage().contains("--continue needs the same: training images (--data) 6 ids (SHA-256 "),
                e.getMessage());
        assertTrue(e.getMessage().contains("; validation images (--data) 2 ids (SHA-256 "), e.getMessage());
    }

    @Test
    void aDamagedSnapshotIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path fold = copy(dir);
        EpochSnapshot snapshot = EpochSnapshots.latest(fold).orElseThrow();
        byte[] optimizer = Files.readAllBytes(snapshot.optimizer());
        optimizer[optimizer.length / 2] ^= 0x40;
        Files.write(snapshot.optimizer(), optimizer);
        FoldTrainer trainer = trainer(ContinueTrainingTest.settings(true, 1e-2, 3));
        InputException flipped = assertThrows(InputException.class, () -> trainer.train(ContinueTrainingTest.plan(), fold));
        assertTrue(flipped.getMessage().startsWith(snapshot.optimizer() + ": corrupted or truncated ("), flipped.getMessage());

        optimizer[optimizer.length / 2] ^= 0x40;
        Files.write(snapshot.optimizer(), optimizer);
        byte[] parameters = Files.readAllBytes(snapshot.parameters());
        Files.write(snapshot.parameters(), Arrays.copyOf(parameters, parameters.length / 2));
        InputException truncated = assertThrows(InputException.class,
                () -> trainer.train(ContinueTrainingTest.plan(), fold));
        assertTrue(truncated.getMessage().startsWith(snapshot.parameters() + ": corrupted or truncated ("
                + parameters.length / 2 + " bytes)"), truncated.getMessage());
    }

    @Test
    void aChangedStepLogIsRefused(@TempDir Path dir) throws Exception {
        Path fold = copy(dir);
        Path steps = fold.resolve(StepLog.FILE_NAME);
        List<String> lines = Files.readAllLines(steps);
        Files.write(steps, lines.subList(0, 2));
        InputException e = assertThrows(InputException.class, () -> trainer(ContinueTrainingTest.settings(true, 1e-2, 3))
                .train(ContinueTrainingTest.plan(), fold));
        assertEquals(steps + ": holds 1 step rows, the run's snapshot counts 2 (was the file changed after the run"
                + " stopped?)", e.getMessage());
        // the snapshot is still there to continue from once the file is put back
        assertEquals(1, EpochSnapshots.latest(fold).orElseThrow().state().epochsCompleted());
    }
}

package org.tgssalt.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.io.Sha256;
import org.tgssalt.progress.PlainProgress;
import org.tgssalt.train.checkpoint.CheckpointInfo;
import org.tgssalt.train.checkpoint.Checkpoints;
import org.tgssalt.train.checkpoint.EpochSnapshots;
import org.tgssalt.train.checkpoint.LibraryVersions;
import org.tgssalt.train.checkpoint.TopologyState;
import org.tgssalt.train.checkpoint.TrainingSettings;
import org.tgssalt.train.data.FoldSplit;
import org.tgssalt.train.model.BatchNormInit;
import org.tgssalt.train.model.SaltNet;
import org.tgssalt.train.model.SaltNetConfig;
import org.tgssalt.train.schedule.StepSchedule;
import org.tgssalt.train.synthetic.SyntheticTgsGenerator;

/**
 * Continuing a k-fold run (a stage started with {@code --resume}) stopped in its second fold: the finished fold is
 * kept byte for byte, the stopped one continues after its last completed epoch, the one not started starts from the
 * stage's checkpoint as the others did, though the continuing command does not repeat {@code --resume}; continuing
 * the finished run again is refused.
 */
class CrossValidationContinueTest {
    private static final int EPOCHS = 2;

    private static FoldSettings settings(boolean continuing) {
        TrainingSettings training = new TrainingSettings(EPOCHS, 4, 1e-3, 0.1, 1e-4, "step", 1, 5, FoldSplit.DEFAULT_SEED,
                true, 0, "cpu()", null, BatchNormInit.ONES);
        return new FoldSettings(new SaltNetConfig(0.25, false, false, true, 2), training, StepSchedule.REFERENCE,
                Optional.empty(), Optional.empty(), continuing, 1);
    }

    /** An untrained network saved as a checkpoint: the previous stage this run starts from. */
    private static Path previousStage(Path dir) throws Exception {
        FoldSettings s = settings(false);
        try (NDManager manager = NDManager.newBaseManager()) {
            SaltNet net = new SaltNet(s.architecture());
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, SaltNet.INPUT_SIZE, SaltNet.INPUT_SIZE));
            Checkpoints.save(dir, net, new CheckpointInfo(CheckpointInfo.SCHEMA_VERSION, 1, 3, s.architecture(),
                    s.training(), 1, 0.5, 1, 8, 4, "h", TopologyState.off("none"), LibraryVersions.current()));
        }
        return dir;
    }

    private static List<FoldTrainer.Result> train(TgsDataset data, Path out, FoldSettings settings, StepListener hook,
                                                  ByteArrayOutputStream log) throws Exception {
        CrossValidationTrainer trainer = new CrossValidationTrainer(settings, data, Device.cpu(),
                PlainProgress.FACTORY, new PrintStream(log, true, StandardCharsets.UTF_8), hook);
        return trainer.train(3, OptionalInt.empty(), OptionalInt.empty(), FoldSplit.DEFAULT_SEED, out);
    }

    @Test
    void finishedFoldsAreKeptStoppedOnesContinueAndNewOnesStart(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        new SyntheticTgsGenerator(3).writeDataset(data, 12, 0);
        TgsDataset dataset = TgsDataset.at(data);
        Path stage1 = previousStage(dir.resolve("stage1"));
        Path out = dir.resolve("run");
        StepListener stopInFold2Epoch2 = (fold, epoch, step) -> {
            if (fold == 2 && epoch == 2) {
                throw new ContinueTrainingTest.Stopped(epoch, step);
            }
        };
        assertThrows(ContinueTrainingTest.Stopped.class,
                () -> train(dataset, out, settings(false).resumingFrom(stage1), stopInFold2Epoch2,
                        new ByteArrayOutputStream()));
        assertTrue(Files.isRegularFile(out.resolve("fold-1/oof/probabilities.f32")));
        assertFalse(Files.exists(out.resolve("fold-1/state")));
        assertEquals(1, EpochSnapshots.latest(out.resolve("fold-2")).orElseThrow().state().epochsCompleted());
        assertFalse(Files.exists(out.resolve("fold-3")));
        String fold1Parameters = Sha256.ofFile(out.resolve("fold-1/saltnet.params"));
        String fold1History = Files.readString(out.resolve("fold-1/history.csv"));

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<FoldTrainer.Result> results = train(dataset, out, settings(true), StepListener.NONE, log);
        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals(List.of(1, 2, 3), results.stream().map(FoldTrainer.Result::fold).toList());
        assertTrue(text.contains("fold-1: finished earlier (2 epochs), kept as it is"), text);
        assertTrue(text.contains("fold-2: continuing after epoch 1 of 2"), text);
        // one line per trained epoch: fold 2's first epoch is not trained again, fold 3 trains both
        assertFalse(text.contains("fold-2 epoch 1: loss"), text);
        assertTrue(text.contains("fold-2 epoch 2: loss"), text);
        assertTrue(text.contains("fold-3 epoch 1: loss") && text.contains("fold-3 epoch 2: loss"), text);
        assertTrue(text.contains("folds not started yet start from " + stage1 + ", as the run's other folds did"), text);
        assertTrue(text.contains("fold-3: starting from " + stage1 + ": copied "), text);
        for (int k = 1; k <= 3; k++) {
            assertEquals(stage1.toString(), Checkpoints.readInfo(out.resolve("fold-" + k)).training().resumedFrom());
        }
        assertFalse(text.contains("fold-1 epoch"), text);
        assertEquals(fold1Parameters, Sha256.ofFile(out.resolve("fold-1/saltnet.params")));
        assertEquals(fold1History, Files.readString(out.resolve("fold-1/history.csv")));
        for (FoldTrainer.Result r : results) {
            assertEquals(EPOCHS, r.history().size(), "fold " + r.fold());
            assertFalse(Files.exists(out.resolve("fold-" + r.fold()).resolve(EpochSnapshots.FOLDER)));
            assertTrue(Files.isRegularFile(out.resolve("fold-" + r.fold() + "/oof/ids.txt")));
        }

        InputException finished = assertThrows(InputException.class,
                () -> train(dataset, out, settings(true), StepListener.NONE, new ByteArrayOutputStream()));
        assertEquals(out + ": the run has already finished (fold-1 to fold-3: 2 of 2 epochs, out-of-fold"
                + " output written); nothing to continue (to train on, start a new stage from it: --resume " + out
                + " --out ANOTHER_DIR)", finished.getMessage());
    }
}

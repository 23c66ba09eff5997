package org.tgssalt.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParameterList;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.oof.OutOfFoldProbabilities;
import org.tgssalt.progress.PlainProgress;
import org.tgssalt.train.checkpoint.CheckpointInfo;
import org.tgssalt.train.checkpoint.Checkpoints;
import org.tgssalt.train.checkpoint.EpochSnapshot;
import org.tgssalt.train.checkpoint.EpochSnapshots;
import org.tgssalt.train.checkpoint.TrainingSettings;
import org.tgssalt.train.data.TrainingSample;
import org.tgssalt.train.model.BatchNormInit;
import org.tgssalt.train.model.SaltNet;
import org.tgssalt.train.model.SaltNetConfig;
import org.tgssalt.train.report.EpochRecord;
import org.tgssalt.train.report.StepLog;
import org.tgssalt.train.schedule.CosineWithRestarts;

/**
 * A run stopped in the middle of an epoch and continued ends where an uninterrupted run of the same settings ends:
 * the same parameters, Adam state, history, step log, best epoch and out-of-fold probabilities. Augmentation,
 * dropout (scSE, GUM and the auxiliary head are on) and a cosine schedule make every random stream and the
 * schedule's position matter. Tolerance: {@link ReproducibilityTest}'s 1e-5 (one PyTorch thread; in practice the
 * values are identical).
 */
class ContinueTrainingTest {
    static final double TOLERANCE = 1e-5;
    static final int EPOCHS = 4;

    /** What the test hook throws in place of a kill. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped(int epoch, int step) {
            super("stopped in epoch " + epoch + " after step " + step);
        }
    }

    static final Map<String, TrainingSample> SAMPLES = BlobSamples.make(8, 9);

    static FoldPlan plan() {
        List<String> ids = BlobSamples.ids(SAMPLES);
        return new FoldPlan(1, 3, ids.subList(0, 6), ids.subList(6, 8));
    }

    static FoldSettings settings(boolean continuing, double learningRate, int batch) {
        TrainingSettings training = new TrainingSettings(EPOCHS, batch, learningRate, 0.1, 1e-4, "cosine", 1, 17, 1234,
                true, 0, "cpu()", null, BatchNormInit.UNIFORM);
        return new FoldSettings(new SaltNetConfig(0.25, true, true, true, 2), training,
                CosineWithRestarts.over(EPOCHS, 1), Optional.empty(), Optional.empty(), continuing, 2);
    }

    /** Trains (or continues) the fold; with {@code stopEpoch} > 0 the hook stops it after step 1 of that epoch. */
    static FoldTrainer.Result train(Path foldDir, FoldSettings settings, FoldPlan plan, int stopEpoch,
                                    ByteArrayOutputStream log) throws Exception {
        StepListener hook = (fold, epoch, step) -> {
            if (epoch == stopEpoch) {
                throw new Stopped(epoch, step);
            }
        };
        FoldTrainer trainer = new FoldTrainer(settings, BlobSamples.source(SAMPLES), Device.cpu(),
                PlainProgress.FACTORY, new PrintStream(log, true, StandardCharsets.UTF_8), hook);
        return trainer.train(plan, foldDir);
    }

    static void stop(Path foldDir, boolean continuing, int stopEpoch) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Stopped stopped = assertThrows(Stopped.class,
                () -> train(foldDir, settings(continuing, 1e-2, 3), plan(), stopEpoch, log));
        assertEquals("stopped in epoch " + stopEpoch + " after step 1", stopped.getMessage());
    }

    @Test
    void continuedRunEndsWhereAnUninterruptedRunEnds(@TempDir Path dir) throws Exception {
        // the uninterrupted run: three whole epochs, stopped in the fourth, whose snapshot is that of epoch 3
        Path straight = dir.resolve("straight/fold-1");
        stop(straight, false, 4);
        // the same settings stopped in epoch 2, continued and stopped again in epoch 4
        Path stopped = dir.resolve("stopped/fold-1");
        stop(stopped, false, 2);
        EpochSnapshot afterOne = EpochSnapshots.latest(stopped).orElseThrow();
        assertEquals(1, afterOne.state().epochsCompleted());
        assertEquals(2, afterOne.state().stepRows());
        // steps.csv holds the stopped epoch's first step too; continuing drops it
        assertEquals(1 + 3, Files.readAllLines(stopped.resolve(StepLog.FILE_NAME)).size());
        stop(stopped, true, 4);

        EpochSnapshot a = EpochSnapshots.latest(straight).orElseThrow();
        EpochSnapshot b = EpochSnapshots.latest(stopped).orElseThrow();
        assertEquals(3, a.state().epochsCompleted());
        assertEquals(3, b.state().epochsCompleted());
        assertParametersClose(a.parameters(), b.parameters());
        assertOptimizerStatesClose(a.optimizer(), b.optimizer());
        assertEquals(a.state().checkpoint().bestEpoch(), b.state().checkpoint().bestEpoch());
        assertEquals(a.state().checkpoint().bestScore(), b.state().checkpoint().bestScore(), TOLERANCE);
        assertEquals(a.state().stepRows(), b.state().stepRows());

        // both continue to the end
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        FoldTrainer.Result x = train(straight, settings(true, 1e-2, 3), plan(), 0, log);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("fold-1: continuing after epoch 3 of 4"), log.toString());
        FoldTrainer.Result y = train(stopped, settings(true, 1e-2, 3), plan(), 0, new ByteArrayOutputStream());
        assertHistoriesClose(x.history(), y.history());
        assertEquals(EPOCHS, y.history().size());
        assertEquals(x.bestEpoch(), y.bestEpoch());
        assertParametersClose(straight.resolve(Checkpoints.PARAMETERS_FILE), stopped.resolve(Checkpoints.PARAMETERS_FILE));
        assertArrayEquals(OutOfFoldProbabilities.read(straight.resolve("oof")).probabilities(0),
                OutOfFoldProbabilities.read(stopped.resolve("oof")).probabilities(0), (float) TOLERANCE);
        assertStepLogsClose(straight.resolve(StepLog.FILE_NAME), stopped.resolve(StepLog.FILE_NAME), 2 * EPOCHS);
        CheckpointInfo info = Checkpoints.readInfo(stopped);
        assertEquals(EPOCHS, info.epochsTrained());
        assertEquals(y.bestEpoch(), info.bestEpoch());
        assertEquals(EPOCHS + 1, Files.readAllLines(stopped.resolve("history.csv")).size());
        // a finished fold keeps no snapshot
        assertFalse(Files.exists(stopped.resolve(EpochSnapshots.FOLDER)));
        assertTrue(Files.isRegularFile(stopped.resolve("curves.png")));
    }

    static void assertHistoriesClose(List<EpochRecord> expected, List<EpochRecord> actual) {
        assertEquals(expected.size(), actual.size());
        for (int e = 0; e < expected.size(); e++) {
            EpochRecord x = expected.get(e);
            EpochRecord y = actual.get(e);
            String where = ", epoch " + x.epoch();
            assertEquals(x.epoch(), y.epoch());
            assertEquals(x.skippedSteps(), y.skippedSteps(), "skipped steps" + where);
            assertEquals(x.learningRate(), y.learningRate(), 1e-12, "learning rate" + where);
            assertEquals(x.loss(), y.loss(), TOLERANCE, "loss" + where);
            assertEquals(x.crossEntropy(), y.crossEntropy(), TOLERANCE, "ce" + where);
            assertEquals(x.lovasz(), y.lovasz(), TOLERANCE, "lovasz" + where);
            assertEquals(x.auxiliary(), y.auxiliary(), TOLERANCE, "aux" + where);
            assertEquals(x.validationMap(), y.validationMap(), TOLERANCE, "mAP" + where);
        }
    }

    static void assertStepLogsClose(Path expected, Path actual, int rows) throws Exception {
        List<String> x = Files.readAllLines(expected);
        List<String> y = Files.readAllLines(actual);
        assertEquals(1 + rows, x.size());
        assertEquals(x.size(), y.size(), "steps.csv rows");
        assertEquals(x.get(0), y.get(0));
        for (int i = 1; i < x.size(); i++) {
            String[] a = x.get(i).split(",");
            String[] b = y.get(i).split(",");
            assertEquals(a[0] + "," + a[1] + "," + a[2], b[0] + "," + b[1] + "," + b[2], "epoch, step, samples");
            for (int c = 3; c < 8; c++) {
                assertEquals(Double.parseDouble(a[c]), Double.parseDouble(b[c]), TOLERANCE, "steps.csv row " + i);
            }
            // the gradient norm grows with the loss's scale: relative
            double na = Double.parseDouble(a[8]);
            assertEquals(na, Double.parseDouble(b[8]), TOLERANCE * Math.max(1, na), "gradient norm, row " + i);
            assertEquals(a[9] + a[10], b[9] + b[10], "learning rate and applied, row " + i);
        }
    }

    static void assertParametersClose(Path expected, Path actual) throws Exception {
        SaltNetConfig config = settings(false, 1e-2, 3).architecture();
        try (NDManager manager = NDManager.newBaseManager()) {
            SaltNet x = new SaltNet(config);
            SaltNet y = new SaltNet(config);
            x.initialize(manager, DataType.FLOAT32, new Shape(1, 1, SaltNet.INPUT_SIZE, SaltNet.INPUT_SIZE));
            y.initialize(manager, DataType.FLOAT32, new Shape(1, 1, SaltNet.INPUT_SIZE, SaltNet.INPUT_SIZE));
            Checkpoints.loadParameterFile(expected, x, manager);
            Checkpoints.loadParameterFile(actual, y, manager);
            ParameterList px = x.getParameters();
            ParameterList py = y.getParameters();
            assertEquals(px.size(), py.size());
            for (int i = 0; i < px.size(); i++) {
                assertEquals(px.get(i).getKey(), py.get(i).getKey());
                assertArrayEquals(px.get(i).getValue().getArray().toFloatArray(),
                        py.get(i).getValue().getArray().toFloatArray(), (float) TOLERANCE, px.get(i).getKey());
            }
        }
    }

    static void assertOptimizerStatesClose(Path expected, Path actual) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList x = NDList.decode(manager, Files.readAllBytes(expected));
            NDList y = NDList.decode(manager, Files.readAllBytes(actual));
            assertEquals(x.size(), y.size());
            assertTrue(x.size() > 0);
            for (NDArray a : x) {
                NDArray b = y.get(a.getName());
                if (a.getName().endsWith("/step")) {
                    assertArrayEquals(a.toLongArray(), b.toLongArray(), a.getName());
                    continue;
                }
                float[] u = a.toFloatArray();
                float[] v = b.toFloatArray();
                for (int i = 0; i < u.length; i++) {
                    // second moments are ~1e-8: relative
                    double allowed = TOLERANCE * Math.max(1e-3, Math.abs(u[i]));
                    assertEquals(u[i], v[i], allowed, a.getName() + "[" + i + "]");
                }
            }
        }
    }
}

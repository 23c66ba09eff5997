package org.tgssalt.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.oof.OutOfFoldProbabilities;
import org.tgssalt.progress.PlainProgress;
import org.tgssalt.train.checkpoint.TrainingSettings;
import org.tgssalt.train.data.TrainingSample;
import org.tgssalt.train.model.BatchNormInit;
import org.tgssalt.train.model.SaltNetConfig;
import org.tgssalt.train.report.EpochRecord;
import org.tgssalt.train.schedule.StepSchedule;

/**
 * Same seed, same data, same result: two runs with augmentation on give the same losses, scores and
 * out-of-fold probabilities. Tolerance: 1e-5 absolute (one PyTorch CPU thread, deterministic kernels; the
 * tolerance only absorbs summation-order differences should a kernel choose another path).
 */
class ReproducibilityTest {
    private static final double TOLERANCE = 1e-5;

    private static FoldTrainer.Result train(Path dir, Map<String, TrainingSample> samples, long seed) throws Exception {
        List<String> ids = BlobSamples.ids(samples);
        TrainingSettings training = TrainingSettings.builder().epochs(2).batchSize(3).learningRate(1e-3)
                .guidedUpsamplingRateFactor(0.1).weightDecay(1e-4).schedule("step").cycles(1).seed(seed)
                .splitSeed(1234).augment(true).device("cpu()").batchNormInit(BatchNormInit.UNIFORM).build();
        FoldSettings settings = new FoldSettings(new SaltNetConfig(0.25, true, true, true, 2), training,
                StepSchedule.REFERENCE, Optional.empty(), Optional.empty(), false, 2);
        FoldTrainer trainer = new FoldTrainer(settings, BlobSamples.source(samples), Device.cpu(),
                PlainProgress.FACTORY, new PrintStream(OutputStream.nullOutputStream()));
        return trainer.train(new FoldPlan(1, 3, ids.subList(0, 6), ids.subList(6, 8)), dir);
    }

    @Test
    void sameSeedSameDataSameResult(@TempDir Path dir) throws Exception {
        Map<String, TrainingSample> samples = BlobSamples.make(8, 9);
        FoldTrainer.Result a = train(dir.resolve("a"), samples, 17);
        FoldTrainer.Result b = train(dir.resolve("b"), samples, 17);
        assertEquals(a.history().size(), b.history().size());
        for (int e = 0; e < a.history().size(); e++) {
            EpochRecord x = a.history().get(e);
            EpochRecord y = b.history().get(e);
            // a step skipped for non-finite gradients in one run only would change every later epoch
            assertEquals(x.skippedSteps(), y.skippedSteps(), "steps skipped in epoch " + x.epoch());
            assertEquals(x.loss(), y.loss(), TOLERANCE, "loss, epoch " + x.epoch());
            assertEquals(x.crossEntropy(), y.crossEntropy(), TOLERANCE, "ce, epoch " + x.epoch());
            assertEquals(x.validationMap(), y.validationMap(), TOLERANCE, "mAP, epoch " + x.epoch());
        }
        float[] pa = OutOfFoldProbabilities.read(dir.resolve("a/oof")).probabilities(0);
        float[] pb = OutOfFoldProbabilities.read(dir.resolve("b/oof")).probabilities(0);
        assertArrayEquals(pa, pb, (float) TOLERANCE);
        assertEquals(Files.size(dir.resolve("a/saltnet.params")), Files.size(dir.resolve("b/saltnet.params")));
    }
}

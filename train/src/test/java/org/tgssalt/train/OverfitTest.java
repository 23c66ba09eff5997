package org.tgssalt.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
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
import org.tgssalt.train.schedule.StepSchedule;

/** Proof that the whole loop learns: a small network memorises a handful of images. */
class OverfitTest {
    @Test
    void smallNetworkOverfitsEightImages(@TempDir Path dir) throws Exception {
        Map<String, TrainingSample> samples = BlobSamples.make(8, 42);
        List<String> ids = BlobSamples.ids(samples);
        int epochs = 60;
        TrainingSettings training = TrainingSettings.builder().epochs(epochs).batchSize(4).learningRate(1e-2)
                .guidedUpsamplingRateFactor(0.1).weightDecay(1e-4).schedule("step").cycles(1).seed(5)
                .splitSeed(1234).augment(false).device("cpu()").batchNormInit(BatchNormInit.UNIFORM).build();
        FoldSettings settings = new FoldSettings(new SaltNetConfig(0.25, false, false, true, 2), training,
                StepSchedule.REFERENCE, Optional.empty(), Optional.empty(), false, 1);
        FoldTrainer trainer = new FoldTrainer(settings, BlobSamples.source(samples), Device.cpu(),
                PlainProgress.FACTORY, System.err);

        // validation on the training images themselves: memorising them must give a near-perfect score
        FoldTrainer.Result result = trainer.train(new FoldPlan(1, 10, ids, ids), dir.resolve("fold-1"));
        assertEquals(epochs, result.history().size());
        assertTrue(result.bestScore() >= 0.9, "best validation mAP " + result.bestScore());
        assertTrue(result.history().get(epochs - 1).loss() < result.history().get(0).loss() / 2,
                "loss should fall at least by half");
        assertTrue(Files.isRegularFile(dir.resolve("fold-1/saltnet.params")));

        // The out-of-fold probabilities are the kept (best) parameters' predictions: scored, they give the best
        // epoch's validation score, not the last epoch's.
        OutOfFoldProbabilities oof = OutOfFoldProbabilities.read(dir.resolve("fold-1/oof"));
        ValidationScore score = new ValidationScore();
        for (int i = 0; i < oof.size(); i++) {
            score.add(oof.probabilities(i), samples.get(oof.ids().get(i)).mask(), OutOfFoldProbabilities.PIXELS);
        }
        assertEquals(result.bestScore(), score.mean(), 1e-9, "best epoch " + result.bestEpoch() + " of " + epochs
                + ", last epoch's score " + result.history().get(epochs - 1).validationMap());
    }
}

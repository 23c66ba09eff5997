package org.tgssalt.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.progress.PlainProgress;
import org.tgssalt.train.checkpoint.TrainingSettings;
import org.tgssalt.train.data.DatasetSamples;
import org.tgssalt.train.data.TrainingSample;
import org.tgssalt.train.model.BatchNormInit;
import org.tgssalt.train.model.SaltNetConfig;
import org.tgssalt.train.report.EpochRecord;
import org.tgssalt.train.schedule.StepSchedule;

/**
 * A few training steps on real TGS images ({@code ${tgs.shared.dir}/tgs}; skipped, visibly, where that folder
 * is absent): the real masks (8- and 16-bit PNGs) arrive as 0/1 labels equal to {@code train.csv}'s run-length
 * masks, and a short run on real images keeps every loss and gradient finite and writes its step log.
 */
class RealDataTrainingSmokeTest {
    private static TgsDataset dataset;

    @BeforeAll
    static void findRealData() {
        Path real = Path.of(System.getProperty("tgs.shared.dir", "../shared")).resolve("tgs");
        Assumptions.assumeTrue(Files.isDirectory(real.resolve("train")),
                "real TGS data absent at " + real.toAbsolutePath() + "; skipping the real-data training smoke test");
        dataset = TgsDataset.at(real);
    }

    @Test
    void realMasksBecomeTheLabelsOfTrainCsv() {
        SortedMap<String, BinaryMask> csv = dataset.trainCsvMasks();
        DatasetSamples samples = new DatasetSamples(dataset);
        int salty = 0;
        for (String id : dataset.trainIds().subList(0, 40)) {
            TrainingSample sample = samples.load(id);
            boolean[] truth = csv.get(id).pixels();
            for (int i = 0; i < truth.length; i++) {
                assertEquals(truth[i] ? 1f : 0f, sample.mask()[i], id + " pixel " + i);
            }
            salty += csv.get(id).isEmpty() ? 0 : 1;
        }
        assertTrue(salty > 0, "the first 40 real images include salt");
    }

    @Test
    void aShortRunOnRealImagesStaysFinite(@TempDir Path dir) throws Exception {
        List<String> ids = dataset.trainIds().subList(0, 28);
        TrainingSettings training = TrainingSettings.builder().epochs(1).batchSize(8).learningRate(1e-3)
                .guidedUpsamplingRateFactor(0.1).weightDecay(1e-4).schedule("cosine").cycles(1).seed(3)
                .splitSeed(1234).augment(true).device("cpu()").batchNormInit(BatchNormInit.UNIFORM).build();
        FoldSettings settings = new FoldSettings(new SaltNetConfig(0.25, true, true, true, 2), training,
                StepSchedule.REFERENCE, Optional.empty(), Optional.empty(), false, 2);
        FoldTrainer trainer = new FoldTrainer(settings, new DatasetSamples(dataset), Device.cpu(),
                PlainProgress.FACTORY, new PrintStream(OutputStream.nullOutputStream()));
        FoldTrainer.Result result = trainer.train(new FoldPlan(1, 10, ids.subList(0, 24), ids.subList(24, 28)),
                dir.resolve("fold-1"));

        EpochRecord epoch = result.history().get(0);
        assertEquals(0, epoch.skippedSteps(), "steps skipped for non-finite gradients");
        assertTrue(Double.isFinite(epoch.loss()) && epoch.loss() > 0, "loss " + epoch.loss());
        List<String> rows = Files.readAllLines(dir.resolve("fold-1/steps.csv"));
        assertEquals(1 + 3, rows.size(), "header and one row per step of 8 of 24 images: " + rows);
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            double norm = Double.parseDouble(cells[8]);
            assertTrue(Double.isFinite(norm) && norm > 0, "gradient norm in " + row);
            assertEquals("true", cells[10], "update applied in " + row);
        }
    }
}

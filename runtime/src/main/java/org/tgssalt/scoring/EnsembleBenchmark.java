package org.tgssalt.scoring;

import java.nio.file.Path;
import java.util.Random;
import org.tgssalt.ensemble.EnsembleOptions;
import org.tgssalt.ensemble.FoldEnsemble;
import org.tgssalt.ensemble.OperatorProfile;
import org.tgssalt.image.KaggleImage;

/**
 * Measures the ensemble's throughput on synthetic images: opens it with the given options, runs one
 * warm-up batch, then scores {@code images} random 101x101 images batch by batch, generated on the
 * fly so that memory does not depend on the image count. With a profile folder in the options, ONNX Runtime's
 * traces of the run (warm-up batch included) are ended and summed per operator after the timing.
 */
final class EnsembleBenchmark {
    private EnsembleBenchmark() {}

    /** Runs one configuration. */
    public static BenchResult run(Path manifest, EnsembleOptions options, int images) {
        try (FoldEnsemble ensemble = FoldEnsemble.open(manifest, options)) {
            Random random = new Random(17);
            int batch = options.batchSize();
            ensemble.probabilities(randomBatch(random, batch));
            long halfway = -1;
            long start = System.nanoTime();
            for (int done = 0; done < images; done += batch) {
                ensemble.probabilities(randomBatch(random, Math.min(batch, images - done)));
                if (halfway < 0 && done + batch >= images / 2) {
                    halfway = ProcessMemory.residentBytes();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            OperatorProfile profile = options.profileDirectory() == null ? null
                    : OperatorProfile.read(ensemble.endProfiling());
            Long flopsPerPass = ensemble.manifest().flopsPerPass();
            double flopsPerImage = flopsPerPass == null ? -1 : (double) flopsPerPass * ensemble.passesPerImage();
            return new BenchResult(ensemble.fused() ? "fused" : "separate", batch, images, seconds,
                    ensemble.passesPerImage(), flopsPerImage, halfway, ProcessMemory.residentBytes(),
                    ProcessMemory.peakResidentBytes(), ensemble.device(), ensemble.onnxRuntime(), profile);
        }
    }

    private static float[][] randomBatch(Random random, int n) {
        float[][] batch = new float[n][KaggleImage.PIXELS];
        for (float[] image : batch) {
            for (int p = 0; p < image.length; p++) {
                image[p] = random.nextFloat();
            }
        }
        return batch;
    }
}

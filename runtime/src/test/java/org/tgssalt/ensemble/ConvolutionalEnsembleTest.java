package org.tgssalt.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.testing.TestGraphs;

/**
 * Batch and thread independence with graphs that do real convolution work (ONNX Runtime picks its
 * convolution kernels by shape, so element-wise graphs alone would not show a batch dependence).
 */
class ConvolutionalEnsembleTest {
    private static final EnsembleOptions CPU = EnsembleOptions.builder().device(ExecutionDevice.CPU).build();

    @TempDir
    Path dir;

    private static float[][] images(int n) {
        Random random = new Random(11);
        float[][] images = new float[n][KaggleImage.PIXELS];
        for (float[] image : images) {
            for (int p = 0; p < image.length; p++) {
                image[p] = random.nextFloat();
            }
        }
        return images;
    }

    @Test
    void batchOneAndSixtyFourAgreeExactly() throws Exception {
        Path json = TestGraphs.writeConvStackEnsemble(dir, 2, 4, 1);
        float[][] images = images(64);
        try (FoldEnsemble one = FoldEnsemble.open(json, CPU.toBuilder().batchSize(1).build());
                FoldEnsemble many = FoldEnsemble.open(json, CPU.toBuilder().batchSize(64).build())) {
            float[][] a = one.probabilities(images);
            float[][] b = many.probabilities(images);
            for (int i = 0; i < images.length; i++) {
                assertArrayEquals(a[i], b[i], "image " + i);
            }
            // The graph is not mirror-symmetric: flip TTA must matter.
            try (FoldEnsemble plain = FoldEnsemble.open(json, CPU.toBuilder().tta(false).build())) {
                float[] c = plain.probability(images[0]);
                double largest = 0;
                for (int p = 0; p < c.length; p++) {
                    largest = Math.max(largest, Math.abs(c[p] - a[0][p]));
                }
                assertTrue(largest > 1e-3, "flip TTA changed nothing: " + largest);
            }
        }
    }

    @Test
    void eightThreadsAgreeWithOne() throws Exception {
        Path json = TestGraphs.writeConvStackEnsemble(dir, 2, 4, 1);
        float[][] images = images(16);
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, CPU.toBuilder().batchSize(2).build())) {
            float[][] alone = ensemble.probabilities(images);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<float[][]>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    float[][] slice = Arrays.copyOfRange(images, 2 * t, 2 * t + 2);
                    futures.add(pool.submit(() -> ensemble.probabilities(slice)));
                }
                for (int t = 0; t < 8; t++) {
                    float[][] got = futures.get(t).get();
                    assertEquals(2, got.length);
                    assertArrayEquals(alone[2 * t], got[0], "thread " + t);
                    assertArrayEquals(alone[2 * t + 1], got[1], "thread " + t);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}

package org.tgssalt.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.GrayImage;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.io.Sha256;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.FoldGraph;
import org.tgssalt.manifest.ManifestException;
import org.tgssalt.manifest.Threshold;
import org.tgssalt.testing.TestGraphs;

class FoldEnsembleTest {
    /** Three folds whose outputs depend on the column, so the mirror view differs from the original. */
    private static final float[][] FOLDS = {{2f, 1.5f}, {-1f, 0.7f}, {0.5f, -2f}};
    private static final double TOLERANCE = 1e-6;
    private static final EnsembleOptions CPU = EnsembleOptions.builder().device(ExecutionDevice.CPU).build();

    @TempDir
    Path dir;

    private static float[][] randomImages(int n, long seed) {
        Random random = new Random(seed);
        float[][] images = new float[n][KaggleImage.PIXELS];
        for (float[] image : images) {
            for (int p = 0; p < image.length; p++) {
                image[p] = random.nextFloat();
            }
        }
        return images;
    }

    /** Mean over folds of the original view and the mirrored view mirrored back, by hand. */
    private static double expectedWithFlip(float x, int column) {
        double sum = 0;
        for (float[] ab : FOLDS) {
            // Mirrored view: pixel x sits at column 100 - c, and the graph's ramp there is (100 - c) / 100.
            sum += TestGraphs.rampProbability(ab[0], ab[1], x, column)
                    + TestGraphs.rampProbability(ab[0], ab[1], x, KaggleImage.SIDE - 1 - column);
        }
        return sum / (2 * FOLDS.length);
    }

    private static double expectedWithoutFlip(float x, int column) {
        double sum = 0;
        for (float[] ab : FOLDS) {
            sum += TestGraphs.rampProbability(ab[0], ab[1], x, column);
        }
        return sum / FOLDS.length;
    }

    @Test
    void flipTtaAndFoldMeanMatchHandComputation() throws IOException {
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        float[][] images = randomImages(5, 1);
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, CPU)) {
            assertTrue(ensemble.flipTta());
            assertEquals(6, ensemble.passesPerImage());
            float[][] got = ensemble.probabilities(images);
            for (int i = 0; i < images.length; i++) {
                for (int p = 0; p < KaggleImage.PIXELS; p++) {
                    double expected = expectedWithFlip(images[i][p], p % KaggleImage.SIDE);
                    assertEquals(expected, got[i][p], TOLERANCE, "image " + i + " pixel " + p);
                }
            }
        }
    }

    @Test
    void withoutTtaOnlyTheOriginalViewCounts() throws IOException {
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        float[] image = randomImages(1, 2)[0];
        EnsembleOptions noTta = CPU.toBuilder().tta(false).build();
        try (FoldEnsemble plain = FoldEnsemble.open(json, noTta); FoldEnsemble flipped = FoldEnsemble.open(json, CPU)) {
            float[] got = plain.probability(image);
            float[] withFlip = flipped.probability(image);
            double largestFlipEffect = 0;
            for (int p = 0; p < KaggleImage.PIXELS; p++) {
                assertEquals(expectedWithoutFlip(image[p], p % KaggleImage.SIDE), got[p], TOLERANCE, "pixel " + p);
                largestFlipEffect = Math.max(largestFlipEffect, Math.abs(got[p] - withFlip[p]));
            }
            // The fixture is not mirror-symmetric, so a TTA bug could not hide.
            assertTrue(largestFlipEffect > 0.02, "flip TTA changed nothing: " + largestFlipEffect);
        }
    }

    @Test
    void manifestWithoutTtaRunsOneView() throws IOException {
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        EnsembleManifest.read(json).withTta(List.of()).write(json);
        float[] image = randomImages(1, 3)[0];
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, CPU)) {
            assertFalse(ensemble.flipTta());
            float[] got = ensemble.probability(image);
            assertEquals(expectedWithoutFlip(image[77], 77), got[77], TOLERANCE);
        }
    }

    @Test
    void fusedGraphEqualsSeparateGraphs() throws IOException {
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, true);
        float[][] images = randomImages(6, 4);
        try (FoldEnsemble separate = FoldEnsemble.open(json, CPU);
                FoldEnsemble fused = FoldEnsemble.open(json, CPU.toBuilder().fused(true).build())) {
            assertTrue(fused.fused());
            float[][] a = separate.probabilities(images);
            float[][] b = fused.probabilities(images);
            for (int i = 0; i < images.length; i++) {
                assertArrayEquals(a[i], b[i], 1e-6f, "image " + i);
            }
        }
    }

    @Test
    void batchSizeDoesNotChangeResults() throws IOException {
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        float[][] images = randomImages(70, 5);
        try (FoldEnsemble one = FoldEnsemble.open(json, CPU.toBuilder().batchSize(1).build());
                FoldEnsemble many = FoldEnsemble.open(json, CPU.toBuilder().batchSize(64).build())) {
            float[][] a = one.probabilities(images);
            float[][] b = many.probabilities(images);
            for (int i = 0; i < images.length; i++) {
                assertArrayEquals(a[i], b[i], "image " + i);
            }
        }
    }

    @Test
    void eightThreadsSharingOneEnsembleGetWhatOneThreadGets() throws Exception {
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        float[][] images = randomImages(48, 6);
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, CPU.toBuilder().batchSize(3).build())) {
            float[][] alone = ensemble.probabilities(images);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<float[][]>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int from = t * 6;
                    float[][] slice = java.util.Arrays.copyOfRange(images, from, from + 6);
                    futures.add(pool.submit(() -> ensemble.probabilities(slice)));
                }
                for (int t = 0; t < 8; t++) {
                    float[][] got = futures.get(t).get();
                    for (int i = 0; i < 6; i++) {
                        assertArrayEquals(alone[t * 6 + i], got[i], "thread " + t + " image " + i);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void thresholdIsInclusiveAndOverridable() throws IOException {
        // a = 1, b = 0: sigmoid(x); at x = 0 the mean is exactly 0.5.
        Path json = TestGraphs.writeRampEnsemble(dir, new float[][] {{1f, 0f}}, false);
        float[] image = new float[KaggleImage.PIXELS];
        image[5] = 0.4f; // sigmoid(0.4) = 0.5987
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, CPU)) {
            assertEquals(0.5, ensemble.threshold());
            BinaryMask mask = ensemble.mask(image);
            assertEquals(KaggleImage.PIXELS, mask.area(), "p = 0.5 is salt at threshold 0.5");
        }
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, CPU.toBuilder().threshold(0.55).build())) {
            BinaryMask mask = ensemble.mask(new GrayImage(101, 101, image));
            assertEquals(1, mask.area());
            assertTrue(mask.get(5, 0));
        }
        EnsembleManifest.read(json).withThreshold(Threshold.tuned(0.6, "test")).write(json);
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, CPU)) {
            assertEquals(0.6, ensemble.threshold());
            assertEquals(0, ensemble.masks(new float[][] {image}).get(0).area());
        }
    }

    @Test
    void graphWithAnotherInputShapeIsRefusedNamingTheFile() throws IOException {
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        byte[] wrong = TestGraphs.rampFold(1f, 1f, 128);
        Files.write(dir.resolve("fold-2.onnx"), wrong);
        rewriteFold(json, 2, Sha256.of(wrong));
        ManifestException e = assertThrows(ManifestException.class, () -> FoldEnsemble.open(json, CPU));
        assertEquals(dir.resolve("fold-2.onnx") + ": input shape [N,1,128,128], manifest says [N,1,101,101]",
                e.getMessage());
    }

    @Test
    void changedGraphIsRefusedNamingTheFile() throws IOException {
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        byte[] other = TestGraphs.rampFold(9f, 9f);
        Files.write(dir.resolve("fold-3.onnx"), other);
        ManifestException e = assertThrows(ManifestException.class, () -> FoldEnsemble.open(json, CPU));
        assertTrue(e.getMessage().startsWith(dir.resolve("fold-3.onnx") + ": SHA-256 " + Sha256.of(other)
                + " does not match the manifest's "), e.getMessage());
    }

    @Test
    void missingGraphIsRefusedNamingTheFile() throws IOException {
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        Files.delete(dir.resolve("fold-1.onnx"));
        ManifestException e = assertThrows(ManifestException.class, () -> FoldEnsemble.open(json, CPU));
        assertEquals(dir.resolve("fold-1.onnx") + ": missing: the manifest names it as fold 1", e.getMessage());
    }

    @Test
    void graphThatIsNotOnnxIsRefusedNamingTheFile() throws IOException {
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        byte[] junk = "not a graph".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(dir.resolve("fold-2.onnx"), junk);
        rewriteFold(json, 2, Sha256.of(junk));
        ManifestException e = assertThrows(ManifestException.class, () -> FoldEnsemble.open(json, CPU));
        assertTrue(e.getMessage().startsWith(dir.resolve("fold-2.onnx") + ": ONNX Runtime cannot load the graph: "),
                e.getMessage());
    }

    @Test
    void fusedRequestWithoutFusedGraphIsRefused() throws IOException {
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        ManifestException e = assertThrows(ManifestException.class,
                () -> FoldEnsemble.open(json, CPU.toBuilder().fused(true).build()));
        assertEquals(json + ": no fused graph listed; export with --fused, or score with the separate fold graphs",
                e.getMessage());
    }

    @Test
    void deviceIsReported() throws IOException {
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, CPU)) {
            assertEquals("cpu", ensemble.device());
        }
        // Both branches of auto, whatever this machine offers (DeviceFallbackTest has the messages and logs).
        EnsembleOptions auto = CPU.toBuilder().device(ExecutionDevice.AUTO).build();
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, auto, CudaProvider.absent("no CUDA provider here"))) {
            assertEquals("cpu", ensemble.device());
            assertNotNull(ensemble.cudaFailure(), "auto on the CPU must say why CUDA was not used");
        }
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, auto, CudaProvider.offered((options, id) -> { }))) {
            assertEquals("cuda:0", ensemble.device());
        }
    }

    @Test
    void closedEnsembleRefusesWork() throws IOException {
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        FoldEnsemble ensemble = FoldEnsemble.open(json, CPU);
        ensemble.close();
        ensemble.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ensemble.probability(new float[KaggleImage.PIXELS]));
        assertEquals("the ensemble is closed", e.getMessage());
    }

    @Test
    void wrongImageLengthIsRefused() throws IOException {
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, CPU)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ensemble.probability(new float[100]));
            assertEquals("image 0 has 100 values, expected 10201 (101x101 row-major)", e.getMessage());
        }
    }

    private static void rewriteFold(Path json, int fold, String sha256) throws IOException {
        EnsembleManifest m = EnsembleManifest.parse(json);
        List<FoldGraph> folds = m.folds().stream()
                .map(f -> f.fold() == fold ? new FoldGraph(f.fold(), f.file(), sha256, f.validationScore()) : f)
                .toList();
        new EnsembleManifest(m.schemaVersion(), folds, m.input(), m.output(), m.tta(), m.threshold(), m.fused(),
                m.flopsPerPass(), m.provenance()).write(json);
    }
}

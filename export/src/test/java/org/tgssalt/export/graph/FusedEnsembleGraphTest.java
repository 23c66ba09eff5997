package org.tgssalt.export.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.export.SaltNetExporter;
import org.tgssalt.export.parity.FloatTensor;
import org.tgssalt.export.parity.OrtGraph;
import org.tgssalt.image.GrayImage;
import org.tgssalt.io.Sha256;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.FoldGraph;
import org.tgssalt.manifest.FusedGraph;
import org.tgssalt.testing.TestGraphs;

/** The fused graph against the separate fold graphs with flip TTA, on small non-mirror-symmetric folds. */
class FusedEnsembleGraphTest {
    @TempDir
    Path dir;

    @Test
    void equalsSeparateFoldsWithFlipTtaAndMean() throws Exception {
        float[][] ab = {{1.5f, -0.2f}, {-0.7f, 0.4f}, {0.3f, 0.1f}};
        List<ModelProto> folds = new ArrayList<>();
        for (float[] f : ab) {
            folds.add(ModelProto.parseFrom(TestGraphs.rampFold(f[0], f[1])));
        }
        ModelProto fused = FusedEnsembleGraph.compose(folds, Map.of("folds", "3"));
        int n = 3;
        float[] pixels = new float[n * 101 * 101];
        Random random = new Random(4);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        FloatTensor images = new FloatTensor(new long[] {n, 1, 101, 101}, pixels);
        double difference = SaltNetExporter.fusedDifference(writeManifest(folds, fused), grayImages(pixels, n));
        assertTrue(difference <= 1e-5, "fused vs separate " + difference);

        // Independent of fusedDifference: the ramp folds' own closed form, averaged with the mirror by hand.
        FloatTensor out;
        try (OrtGraph graph = new OrtGraph(fused.toByteArray(), OptLevel.ALL_OPT)) {
            out = graph.run(images);
        }
        for (int i = 0; i < n; i++) {
            for (int col : new int[] {0, 17, 100}) {
                int at = i * 101 * 101 + 5 * 101 + col;
                double expected = 0;
                for (float[] f : ab) {
                    double direct = TestGraphs.rampProbability(f[0], f[1], pixels[at], col);
                    // The mirrored pass sees pixel[100 - col] at column col, then is mirrored back.
                    double viaMirror = TestGraphs.rampProbability(f[0], f[1], pixels[at], 100 - col);
                    expected += (direct + viaMirror) / 2 / ab.length;
                }
                assertEquals(expected, out.values()[at], 1e-5, "image " + i + " column " + col);
            }
        }
    }

    /** The fold graphs, the fused graph and an {@code ensemble.json} listing them, in {@link #dir}. */
    private Path writeManifest(List<ModelProto> folds, ModelProto fused) throws Exception {
        List<FoldGraph> graphs = new ArrayList<>();
        for (int k = 1; k <= folds.size(); k++) {
            byte[] bytes = folds.get(k - 1).toByteArray();
            Files.write(dir.resolve("fold-" + k + ".onnx"), bytes);
            graphs.add(new FoldGraph(k, "fold-" + k + ".onnx", Sha256.of(bytes), 0.5));
        }
        Files.write(dir.resolve(SaltNetExporter.FUSED_FILE), fused.toByteArray());
        Path json = dir.resolve(EnsembleManifest.FILE_NAME);
        EnsembleManifest.of(graphs, Map.of())
                .withFused(new FusedGraph(SaltNetExporter.FUSED_FILE, Sha256.of(fused.toByteArray()))).write(json);
        return json;
    }

    private static List<GrayImage> grayImages(float[] pixels, int n) {
        List<GrayImage> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            images.add(new GrayImage(101, 101, Arrays.copyOfRange(pixels, i * 101 * 101, (i + 1) * 101 * 101)));
        }
        return images;
    }

    @Test
    void refusesGraphsWithOtherInputsOrOutputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FusedEnsembleGraph.compose(List.of(ModelProto.getDefaultInstance()), Map.of()));
        assertEquals("fold graph 1 does not map image to salt_probability", e.getMessage());
    }
}

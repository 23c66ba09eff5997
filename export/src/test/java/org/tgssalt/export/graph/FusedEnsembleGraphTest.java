package org.tgssalt.export.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tgssalt.export.SaltNetExporter;
import org.tgssalt.export.parity.FloatTensor;
import org.tgssalt.export.parity.OrtGraph;
import org.tgssalt.testing.TestGraphs;

/** The fused graph against the separate fold graphs with flip TTA, on small non-mirror-symmetric folds. */
class FusedEnsembleGraphTest {
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
        double difference = SaltNetExporter.fusedDifference(fused.toByteArray(), folds, images);
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

    @Test
    void refusesGraphsWithOtherInputsOrOutputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FusedEnsembleGraph.compose(List.of(ModelProto.getDefaultInstance()), Map.of()));
        assertEquals("fold graph 1 does not map image to salt_probability", e.getMessage());
    }
}

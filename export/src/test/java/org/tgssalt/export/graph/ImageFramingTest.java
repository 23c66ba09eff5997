package org.tgssalt.export.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.parity.FloatTensor;
import org.tgssalt.export.parity.OrtGraph;
import org.tgssalt.geometry.PixelNormalization;
import org.tgssalt.geometry.SymmetricPadding;
import org.tgssalt.image.KaggleImage;

/** ImageFraming in ONNX Runtime against hand-computed padding, normalisation and softmax. */
class ImageFramingTest {
    private static final int S = KaggleImage.SIDE;
    private static final int P = SymmetricPadding.PADDED_SIZE;

    /** Symmetric source index: the edge pixel is repeated. */
    private static int source(int padded) {
        int i = padded - SymmetricPadding.KAGGLE_BORDER;
        if (i < 0) {
            return -i - 1;
        }
        return i >= S ? 2 * S - 1 - i : i;
    }

    @Test
    void padsSymmetricallyAndNormalises() throws Exception {
        GraphBuilder g = new GraphBuilder("framing");
        String x = ImageFraming.declareInput(g);
        g.output(ImageFraming.networkInput(g, x), "net_in", GraphBuilder.BATCH, 1, P, P);
        int n = 2;
        float[] image = new float[n * S * S];
        Random random = new Random(7);
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextInt(256) / 255f;
        }
        FloatTensor out;
        try (OrtGraph graph = new OrtGraph(g.build().toByteArray(), OptLevel.ALL_OPT)) {
            out = graph.run(new FloatTensor(new long[] {n, 1, S, S}, image));
        }
        assertArrayEquals(new long[] {n, 1, P, P}, out.shape());
        for (int b = 0; b < n; b++) {
            for (int r = 0; r < P; r++) {
                for (int c = 0; c < P; c++) {
                    float p = image[b * S * S + source(r) * S + source(c)];
                    float expected = (255f * p - 123.03f) / 255f;
                    assertEquals(expected, out.values()[b * P * P + r * P + c], 1e-6f,
                            "image " + b + " row " + r + " col " + c);
                }
            }
        }
        // The hand-checked pattern c b a | a b c on the first row: padded col 13 = col 0, col 12 = col 1.
        assertEquals(0, source(13));
        assertEquals(1, source(12));
        assertEquals(100, source(114));
        assertEquals(87, source(128));
    }

    @Test
    void equalsTheRuntimesPaddingAndNormalisation() throws Exception {
        GraphBuilder g = new GraphBuilder("framing");
        String x = ImageFraming.declareInput(g);
        g.output(ImageFraming.networkInput(g, x), "net_in", GraphBuilder.BATCH, 1, P, P);
        float[] image = new float[S * S];
        Random random = new Random(8);
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextInt(256) / 255f;
        }
        FloatTensor out;
        try (OrtGraph graph = new OrtGraph(g.build().toByteArray(), OptLevel.ALL_OPT)) {
            out = graph.run(new FloatTensor(new long[] {1, 1, S, S}, image));
        }
        float[] expected = PixelNormalization.normalize(SymmetricPadding.KAGGLE.pad(image, S, S));
        assertEquals(0.0, new FloatTensor(new long[] {1, 1, P, P}, expected).maxAbsDifference(out), 1e-6);
    }

    @Test
    void softmaxChannelOneCroppedToCentre() throws Exception {
        GraphBuilder g = new GraphBuilder("tail");
        String logits = g.input("logits", GraphBuilder.BATCH, 2, P, P);
        ImageFraming.declareOutput(g, ImageFraming.crop(g, ImageFraming.saltProbability(g, logits)));
        int n = 3;
        float[] values = new float[n * 2 * P * P];
        Random random = new Random(11);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian() * 4;
        }
        FloatTensor out;
        try (OrtGraph graph = new OrtGraph(g.build().toByteArray(), OptLevel.ALL_OPT)) {
            out = graph.run(new FloatTensor(new long[] {n, 2, P, P}, values));
        }
        assertArrayEquals(new long[] {n, 1, S, S}, out.shape());
        for (int b = 0; b < n; b++) {
            for (int r = 0; r < S; r++) {
                for (int c = 0; c < S; c++) {
                    int pix = (r + SymmetricPadding.KAGGLE_BORDER) * P + c + SymmetricPadding.KAGGLE_BORDER;
                    double l0 = values[(b * 2) * P * P + pix];
                    double l1 = values[(b * 2 + 1) * P * P + pix];
                    double expected = 1 / (1 + Math.exp(l0 - l1));
                    assertEquals(expected, out.values()[b * S * S + r * S + c], 1e-6);
                }
            }
        }
    }
}

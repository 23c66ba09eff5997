package org.tgssalt.export.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.parity.FloatTensor;
import org.tgssalt.export.parity.OrtGraph;
import org.tgssalt.geometry.ImageConvention;
import org.tgssalt.geometry.OutputActivation;
import org.tgssalt.geometry.PaddingMode;

/**
 * The framing ImageFraming emits, run in ONNX Runtime, against core's Java implementation of the same
 * convention ({@link ImageConvention}), for every padding mode, 1 and 3 channels and every output head.
 */
class ImageFramingConventionTest {
    private static final int S = 101;

    static Stream<ImageConvention> conventions() {
        return Stream.of(
                ImageConvention.REFERENCE,
                new ImageConvention(128, PaddingMode.REFLECT, List.of(123.675, 116.28, 103.53),
                        List.of(58.395, 57.12, 57.375), 3, OutputActivation.parse("sigmoid")),
                new ImageConvention(129, PaddingMode.EDGE, List.of(0.0), List.of(255.0), 1,
                        OutputActivation.parse("probability")),
                new ImageConvention(104, PaddingMode.ZERO, List.of(127.5), List.of(127.5), 3,
                        OutputActivation.parse("softmax:2")),
                new ImageConvention(128, PaddingMode.RESIZE, List.of(123.03), List.of(255.0), 1,
                        OutputActivation.parse("softmax:1")),
                new ImageConvention(131, PaddingMode.SYMMETRIC, List.of(100.0), List.of(50.0), 1,
                        OutputActivation.parse("sigmoid")));
    }

    @ParameterizedTest
    @MethodSource("conventions")
    void networkInputEqualsTheJavaConvention(ImageConvention c) throws Exception {
        int n = 2;
        int side = c.inputSize();
        GraphBuilder g = new GraphBuilder("framing");
        String x = ImageFraming.declareInput(g);
        g.output(ImageFraming.networkInput(g, x, c), "net_in", GraphBuilder.BATCH, c.channels(), side, side);
        float[] images = new float[n * S * S];
        Random random = new Random(side);
        for (int i = 0; i < images.length; i++) {
            images[i] = random.nextInt(256) / 255f;
        }
        FloatTensor out;
        try (OrtGraph graph = new OrtGraph(g.build().toByteArray(), OptLevel.ALL_OPT)) {
            out = graph.run(new FloatTensor(new long[] {n, 1, S, S}, images));
        }
        assertArrayEquals(new long[] {n, c.channels(), side, side}, out.shape());
        float[] expected = new float[out.values().length];
        int per = c.channels() * side * side;
        for (int b = 0; b < n; b++) {
            float[] one = java.util.Arrays.copyOfRange(images, b * S * S, (b + 1) * S * S);
            System.arraycopy(c.networkInput(one), 0, expected, b * per, per);
        }
        double max = new FloatTensor(out.shape(), expected).maxAbsDifference(out);
        assertTrue(max <= 2e-6, c + ": max |ORT - Java| " + max);
    }

    @ParameterizedTest
    @MethodSource("conventions")
    void saltOutputEqualsTheJavaConvention(ImageConvention c) throws Exception {
        int n = 2;
        int side = c.inputSize();
        int channels = c.activation().minChannels() + (c.activation().kind() == OutputActivation.Kind.SOFTMAX ? 1 : 0);
        GraphBuilder g = new GraphBuilder("tail");
        String logits = g.input("out", GraphBuilder.BATCH, channels, side, side);
        ImageFraming.declareOutput(g, ImageFraming.saltOutput(g, logits, c));
        float[] values = new float[n * channels * side * side];
        Random random = new Random(11);
        for (int i = 0; i < values.length; i++) {
            values[i] = c.activation().kind() == OutputActivation.Kind.PROBABILITY ? random.nextFloat()
                    : (float) random.nextGaussian() * 4;
        }
        FloatTensor out;
        try (OrtGraph graph = new OrtGraph(g.build().toByteArray(), OptLevel.ALL_OPT)) {
            out = graph.run(new FloatTensor(new long[] {n, channels, side, side}, values));
        }
        assertArrayEquals(new long[] {n, 1, S, S}, out.shape());
        float[] expected = new float[n * S * S];
        int per = channels * side * side;
        for (int b = 0; b < n; b++) {
            float[] one = java.util.Arrays.copyOfRange(values, b * per, (b + 1) * per);
            System.arraycopy(c.probability(one, channels), 0, expected, b * S * S, S * S);
        }
        double max = new FloatTensor(out.shape(), expected).maxAbsDifference(out);
        // ONNX Runtime computes the resize's sampling positions in float, Java in double: 1e-5 for those.
        double limit = c.padding() == PaddingMode.RESIZE ? 1e-5 : 1e-6;
        assertTrue(max <= limit, c + ": max |ORT - Java| " + max);
    }
}

package org.tgssalt.export.int8;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import java.util.Random;
import org.tgssalt.export.graph.ImageFraming;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.onnx.OnnxOp;
import org.tgssalt.export.onnx.OpAttributes;

/**
 * Small float32 graphs of the exporter's shape for the int8 tests: {@code image [N,1,101,101]} through
 * convolutions with bias (3x3, padding 1) and ReLUs to {@code salt_probability [N,1,101,101]}, weights drawn
 * from a fixed seed.
 */
final class ConvBlockGraph {
    private ConvBlockGraph() {}

    /** image -> Conv(1 -> 2) -> Relu -> slice channel 1 -> Sigmoid. */
    static ModelProto oneBlock(long seed) {
        Random random = new Random(seed);
        GraphBuilder g = new GraphBuilder("one-block");
        String image = ImageFraming.declareInput(g);
        String y = g.op(OnnxOp.RELU, "relu", conv(g, random, "conv", image, 1, 2));
        String channel = g.slice("channel1", y, new long[] {1}, new long[] {1}, new long[] {2}, new long[] {1});
        ImageFraming.declareOutput(g, g.op(OnnxOp.SIGMOID, "sigmoid", channel));
        return g.build();
    }

    /**
     * image -> Conv(1 -> 8) -> Relu -> Conv(8 -> 8) -> Relu -> Conv(8 -> 8) (no ReLU) -> Add(with the first
     * block) -> Conv(8 -> 1) -> Sigmoid: chained integer convolutions, one read by an Add, and a last one kept
     * float32 because a Sigmoid reads it.
     */
    static ModelProto chain(long seed) {
        Random random = new Random(seed);
        GraphBuilder g = new GraphBuilder("chain");
        String image = ImageFraming.declareInput(g);
        String a = g.op(OnnxOp.RELU, "relu1", conv(g, random, "conv1", image, 1, 8));
        String b = g.op(OnnxOp.RELU, "relu2", conv(g, random, "conv2", a, 8, 8));
        String c = conv(g, random, "conv3", b, 8, 8);
        String sum = g.op(OnnxOp.ADD, "residual", a, c);
        String d = conv(g, random, "conv4", sum, 8, 1);
        ImageFraming.declareOutput(g, g.op(OnnxOp.SIGMOID, "sigmoid", d));
        return g.build();
    }

    private static String conv(GraphBuilder g, Random random, String name, String x, int in, int out) {
        float[] w = new float[out * in * 9];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() / Math.sqrt(in * 9.0));
        }
        float[] b = new float[out];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (0.1 * random.nextGaussian());
        }
        return g.op(OnnxOp.CONV, name, List.of(x, g.constant(name + "/weight", w, out, in, 3, 3),
                g.constant(name + "/bias", b, out)), OpAttributes.of().ints("kernel_shape", 3, 3)
                .ints("pads", 1, 1, 1, 1));
    }
}

package org.tgssalt.testing;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tgssalt.io.Sha256;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.FoldGraph;
import org.tgssalt.manifest.FusedGraph;

/**
 * Small ONNX graphs that stand in for fold graphs in tests, built with the generated ONNX protobuf
 * classes. A "ramp" fold computes {@code sigmoid(a * x + b * column / 100)} per pixel: the column
 * ramp makes its output not mirror-symmetric, so flip TTA visibly changes the result, and
 * {@link #rampProbability} gives the exact expectation to compare with.
 *
 * <p>Other modules reach this class through the runtime test-jar.
 */
public final class TestGraphs {
    /** Image side of the fixtures, as in the manifest. */
    public static final int SIZE = 101;
    private static final int OPSET = 17;

    private TestGraphs() {}

    /** The expected output of a ramp fold at pixel value {@code x} in column {@code column}. */
    public static double rampProbability(double a, double b, double x, int column) {
        return 1 / (1 + Math.exp(-(a * x + b * column / 100.0)));
    }

    /** A ramp fold graph: input {@code image [N,1,101,101]}, output {@code salt_probability}. */
    public static byte[] rampFold(float a, float b) {
        return rampFold(a, b, SIZE);
    }

    /** A ramp fold graph for {@code size x size} images (a wrong size makes a graph the manifest refuses). */
    public static byte[] rampFold(float a, float b, int size) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("ramp_fold")
                .addInput(imageValue(EnsembleManifest.INPUT_NAME, size))
                .addOutput(imageValue(EnsembleManifest.OUTPUT_NAME, size))
                .addInitializer(scalar("a", a))
                .addInitializer(scalar("b", b))
                .addInitializer(columnRamp("ramp", size, false));
        g.addNode(node("Mul", List.of(EnsembleManifest.INPUT_NAME, "a"), "ax"));
        g.addNode(node("Mul", List.of("ramp", "b"), "bramp"));
        g.addNode(node("Add", List.of("ax", "bramp"), "logit"));
        g.addNode(node("Sigmoid", List.of("logit"), EnsembleManifest.OUTPUT_NAME));
        return model(g.build(), Map.of("fixture", "ramp a=" + a + " b=" + b));
    }

    /**
     * A fused graph equal to running the ramp folds {@code ab[k] = {a, b}} separately with flip TTA
     * and averaging: the mirrored view's ramp is the mirrored ramp, so each fold contributes
     * {@code (sigmoid(a x + b ramp) + sigmoid(a x + b mirror(ramp))) / 2}.
     */
    public static byte[] rampFused(float[][] ab) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("ramp_fused")
                .addInput(imageValue(EnsembleManifest.INPUT_NAME, SIZE))
                .addOutput(imageValue(EnsembleManifest.OUTPUT_NAME, SIZE))
                .addInitializer(columnRamp("ramp", SIZE, false))
                .addInitializer(columnRamp("mirrored_ramp", SIZE, true))
                .addInitializer(scalar("scale", 1f / (2 * ab.length)));
        List<String> terms = new ArrayList<>();
        for (int k = 0; k < ab.length; k++) {
            String a = "a" + k;
            String b = "b" + k;
            g.addInitializer(scalar(a, ab[k][0])).addInitializer(scalar(b, ab[k][1]));
            g.addNode(node("Mul", List.of(EnsembleManifest.INPUT_NAME, a), "ax" + k));
            for (String ramp : List.of("ramp", "mirrored_ramp")) {
                String suffix = ramp + k;
                g.addNode(node("Mul", List.of(ramp, b), "b_" + suffix));
                g.addNode(node("Add", List.of("ax" + k, "b_" + suffix), "logit_" + suffix));
                g.addNode(node("Sigmoid", List.of("logit_" + suffix), "p_" + suffix));
                terms.add("p_" + suffix);
            }
        }
        g.addNode(node("Sum", terms, "total"));
        g.addNode(node("Mul", List.of("total", "scale"), EnsembleManifest.OUTPUT_NAME));
        return model(g.build(), Map.of("fixture", "ramp fused, " + ab.length + " folds"));
    }

    /**
     * Writes a one-fold ensemble whose graph computes {@code sqrt(x - 0.5/255)}: finite wherever a
     * pixel is above black, NaN where it is black. Scoring a folder fails (late) at the first image
     * with a black pixel once a probability map is written; for tests of what a late failure leaves.
     *
     * @return the manifest's path
     */
    public static Path writeNanOnBlackEnsemble(Path dir) throws IOException {
        Files.createDirectories(dir);
        GraphProto.Builder g = GraphProto.newBuilder().setName("nan_on_black")
                .addInput(imageValue(EnsembleManifest.INPUT_NAME, SIZE))
                .addOutput(imageValue(EnsembleManifest.OUTPUT_NAME, SIZE))
                .addInitializer(scalar("half_level", 0.5f / 255));
        g.addNode(node("Sub", List.of(EnsembleManifest.INPUT_NAME, "half_level"), "shifted"));
        g.addNode(node("Sqrt", List.of("shifted"), EnsembleManifest.OUTPUT_NAME));
        byte[] bytes = model(g.build(), Map.of("fixture", "sqrt(x - 0.5/255)"));
        Files.write(dir.resolve("fold-1.onnx"), bytes);
        Path json = dir.resolve(EnsembleManifest.FILE_NAME);
        EnsembleManifest.of(List.of(new FoldGraph(1, "fold-1.onnx", Sha256.of(bytes), 0.5)),
                Map.of("fixture", "TestGraphs.writeNanOnBlackEnsemble")).write(json);
        return json;
    }

    /**
     * Writes ramp folds {@code fold-1.onnx ...} (and {@code ensemble.onnx} when {@code fused}) and
     * their {@code ensemble.json} into {@code dir}.
     *
     * @return the manifest's path
     */
    public static Path writeRampEnsemble(Path dir, float[][] ab, boolean fused) throws IOException {
        Files.createDirectories(dir);
        List<FoldGraph> folds = new ArrayList<>();
        for (int k = 0; k < ab.length; k++) {
            String name = "fold-" + (k + 1) + ".onnx";
            byte[] bytes = rampFold(ab[k][0], ab[k][1]);
            Files.write(dir.resolve(name), bytes);
            folds.add(new FoldGraph(k + 1, name, Sha256.of(bytes), 0.8 + 0.01 * k));
        }
        EnsembleManifest manifest = EnsembleManifest.of(folds, Map.of("fixture", "TestGraphs.writeRampEnsemble"))
                .withFlopsPerPass(4L * SIZE * SIZE);
        if (fused) {
            byte[] bytes = rampFused(ab);
            Files.write(dir.resolve("ensemble.onnx"), bytes);
            manifest = manifest.withFused(new FusedGraph("ensemble.onnx", Sha256.of(bytes)));
        }
        Path json = dir.resolve(EnsembleManifest.FILE_NAME);
        manifest.write(json);
        return json;
    }

    /**
     * A small convolutional fold: reflect-pad to 129, {@code layers + 2} 3x3 convolutions with
     * {@code channels} channels, ReLU between them, sigmoid, crop back to 101. Random (seeded)
     * weights, so the output is not mirror-symmetric; for checks that need real convolution work.
     *
     * @return the model bytes
     */
    public static byte[] convStackFold(int channels, int layers, long seed) {
        java.util.Random random = new java.util.Random(seed);
        String in = EnsembleManifest.INPUT_NAME;
        GraphProto.Builder g = GraphProto.newBuilder().setName("conv_stack")
                .addInput(imageValue(in, SIZE))
                .addOutput(imageValue(EnsembleManifest.OUTPUT_NAME, SIZE))
                .addInitializer(longs("pads", 0, 0, 14, 14, 0, 0, 14, 14))
                .addInitializer(longs("crop_starts", 14, 14))
                .addInitializer(longs("crop_ends", 14 + SIZE, 14 + SIZE))
                .addInitializer(longs("crop_axes", 2, 3));
        g.addNode(node("Pad", List.of(in, "pads"), "padded").toBuilder()
                .addAttribute(ai.onnx.proto.OnnxMl.AttributeProto.newBuilder().setName("mode").setS(
                        com.google.protobuf.ByteString.copyFromUtf8("reflect"))
                        .setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.STRING))
                .build());
        String x = "padded";
        int inChannels = 1;
        for (int layer = 0; layer < layers + 2; layer++) {
            int outChannels = layer == layers + 1 ? 1 : channels;
            String w = "w" + layer;
            String b = "b" + layer;
            g.addInitializer(randomTensor(w, random, (float) Math.sqrt(2.0 / (9 * inChannels)),
                    outChannels, inChannels, 3, 3));
            g.addInitializer(randomTensor(b, random, 0.1f, outChannels));
            String conv = "conv" + layer;
            g.addNode(node("Conv", List.of(x, w, b), conv).toBuilder()
                    .addAttribute(ints("pads", 1, 1, 1, 1))
                    .addAttribute(ints("kernel_shape", 3, 3)).build());
            if (layer < layers + 1) {
                g.addNode(node("Relu", List.of(conv), "relu" + layer));
                x = "relu" + layer;
            } else {
                x = conv;
            }
            inChannels = outChannels;
        }
        g.addNode(node("Sigmoid", List.of(x), "probability129"));
        g.addNode(node("Slice", List.of("probability129", "crop_starts", "crop_ends", "crop_axes"),
                EnsembleManifest.OUTPUT_NAME));
        return model(g.build(), Map.of("fixture", "conv stack c=" + channels + " layers=" + layers));
    }

    /** Multiply-adds times two of {@link #convStackFold} for one image: its FLOPs per pass. */
    public static long convStackFlops(int channels, int layers) {
        long perOutputPixelAndPair = 2L * 9 * 129 * 129;
        return perOutputPixelAndPair * ((long) channels + (long) channels * channels * layers + channels);
    }

    /** Writes conv-stack folds and their manifest (with {@code flopsPerPass}); returns the manifest path. */
    public static Path writeConvStackEnsemble(Path dir, int folds, int channels, int layers) throws IOException {
        Files.createDirectories(dir);
        List<FoldGraph> graphs = new ArrayList<>();
        for (int k = 1; k <= folds; k++) {
            String name = "fold-" + k + ".onnx";
            byte[] bytes = convStackFold(channels, layers, k);
            Files.write(dir.resolve(name), bytes);
            graphs.add(new FoldGraph(k, name, Sha256.of(bytes), null));
        }
        Path json = dir.resolve(EnsembleManifest.FILE_NAME);
        EnsembleManifest.of(graphs, Map.of("fixture", "TestGraphs.writeConvStackEnsemble"))
                .withFlopsPerPass(convStackFlops(channels, layers)).write(json);
        return json;
    }

    private static TensorProto longs(String name, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        return t.build();
    }

    private static ai.onnx.proto.OnnxMl.AttributeProto ints(String name, long... values) {
        ai.onnx.proto.OnnxMl.AttributeProto.Builder a = ai.onnx.proto.OnnxMl.AttributeProto.newBuilder()
                .setName(name).setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static TensorProto randomTensor(String name, java.util.Random random, float scale, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        long n = 1;
        for (long d : dims) {
            t.addDims(d);
            n *= d;
        }
        for (long i = 0; i < n; i++) {
            t.addFloatData((float) random.nextGaussian() * scale);
        }
        return t.build();
    }

    private static byte[] model(GraphProto graph, Map<String, String> metadata) {
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("tgs-salt TestGraphs")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph);
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build().toByteArray();
    }

    private static NodeProto node(String op, List<String> inputs, String output) {
        return NodeProto.newBuilder().setOpType(op).setName(output + "_" + op).addAllInput(inputs).addOutput(output)
                .build();
    }

    private static ValueInfoProto imageValue(String name, int size) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(size))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(size))
                .build();
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private static TensorProto scalar(String name, float value) {
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addFloatData(value).build();
    }

    /** {@code [1,1,1,size]} holding column / 100, or its mirror image. */
    private static TensorProto columnRamp(String name, int size, boolean mirrored) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(1).addDims(1).addDims(1).addDims(size);
        for (int x = 0; x < size; x++) {
            t.addFloatData((mirrored ? size - 1 - x : x) / 100f);
        }
        return t.build();
    }
}

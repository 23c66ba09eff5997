package org.tgssalt.export.int8;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tgssalt.export.onnx.OnnxOp;

/**
 * Rewrites a float32 graph into its int8 QDQ form along a {@link QuantizationPlan}: after each quantised
 * activation a uint8 {@code QuantizeLinear -> DequantizeLinear} pair that every reader of the activation
 * reads through; each quantised convolution reads its weight as {@code DequantizeLinear(int8 per output
 * channel, axis 0)} and its bias as {@code DequantizeLinear(int32 at scale inputScale * weightScale)}.
 * Float weights and biases of quantised convolutions leave the graph. ONNX Runtime's CPU provider fuses
 * each {@code DQ -> Conv (-> Relu) -> Q} into one integer convolution (QLinearConv).
 */
public final class QdqRewriter {
    private QdqRewriter() {}

    /**
     * The int8 graph.
     *
     * @param model the float32 graph
     * @param plan what to quantise (made from {@code model})
     * @param ranges the calibrated range of every activation of the plan
     * @param weightLevels {@link ChannelWeights#FULL_LEVELS} or {@link ChannelWeights#REDUCED_LEVELS}
     * @param metadata extra {@code metadata_props} (calibration provenance), added to the model's own
     */
    public static ModelProto rewrite(ModelProto model, QuantizationPlan plan, Map<String, ActivationRange> ranges,
            int weightLevels, Map<String, String> metadata) {
        GraphProto graph = model.getGraph();
        Map<String, TensorProto> initializers = new LinkedHashMap<>();
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        Set<String> names = new HashSet<>(initializers.keySet());
        graph.getInputList().forEach(i -> names.add(i.getName()));
        graph.getNodeList().forEach(n -> names.addAll(n.getOutputList()));
        Names unique = new Names(names);

        List<TensorProto> added = new ArrayList<>();
        Set<String> replaced = new HashSet<>();
        Map<String, QuantizedConv> convs = new HashMap<>();
        plan.convs().forEach(c -> convs.put(c.node(), c));
        Map<String, String> dequantised = new HashMap<>();
        List<NodeProto> nodes = new ArrayList<>();
        for (ValueInfoProto in : graph.getInputList()) {
            quantizeIfPlanned(in.getName(), ranges, plan, unique, added, nodes, dequantised);
        }
        for (NodeProto node : graph.getNodeList()) {
            NodeProto.Builder copy = node.toBuilder().clearInput();
            QuantizedConv conv = convs.get(node.getName());
            for (int i = 0; i < node.getInputCount(); i++) {
                String in = node.getInput(i);
                if (conv != null && i >= 1) {
                    continue; // the float weight and bias are replaced by their dequantised int8 / int32 below
                }
                copy.addInput(dequantised.getOrDefault(in, in));
            }
            if (conv != null) {
                ActivationRange x = range(ranges, conv.input());
                TensorProto w = initializers.get(conv.weight());
                int channels = (int) w.getDims(0);
                ChannelWeights q = ChannelWeights.of(floats(w), channels, weightLevels);
                String wq = unique.next(conv.weight() + "_int8");
                added.add(tensor(wq, TensorProto.DataType.INT8, ByteBuffer.wrap(q.values()), w.getDimsList()));
                String ws = unique.next(conv.weight() + "_scale");
                added.add(floatTensor(ws, q.scales(), List.of((long) channels)));
                String wz = unique.next(conv.weight() + "_zero");
                added.add(tensor(wz, TensorProto.DataType.INT8, ByteBuffer.wrap(new byte[channels]),
                        List.of((long) channels)));
                copy.addInput(dequantize(nodes, unique, conv.weight() + "_dq", wq, ws, wz, true));
                replaced.add(conv.weight());
                if (conv.bias() != null) {
                    int[] bias = q.bias(floats(initializers.get(conv.bias())), x.scale(), node.getName());
                    String bq = unique.next(conv.bias() + "_int32");
                    ByteBuffer bytes = ByteBuffer.allocate(bias.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asIntBuffer().put(bias);
                    added.add(tensor(bq, TensorProto.DataType.INT32, bytes, List.of((long) channels)));
                    String bs = unique.next(conv.bias() + "_scale");
                    added.add(floatTensor(bs, q.biasScales(x.scale()), List.of((long) channels)));
                    String bz = unique.next(conv.bias() + "_zero");
                    added.add(tensor(bz, TensorProto.DataType.INT32,
                            ByteBuffer.allocate(channels * Integer.BYTES), List.of((long) channels)));
                    copy.addInput(dequantize(nodes, unique, conv.bias() + "_dq", bq, bs, bz, true));
                    replaced.add(conv.bias());
                }
            }
            nodes.add(copy.build());
            for (String out : node.getOutputList()) {
                quantizeIfPlanned(out, ranges, plan, unique, added, nodes, dequantised);
            }
        }
        Set<String> stillRead = new HashSet<>();
        nodes.forEach(n -> stillRead.addAll(n.getInputList()));
        List<TensorProto> kept = new ArrayList<>();
        for (TensorProto t : initializers.values()) {
            if (!replaced.contains(t.getName()) || stillRead.contains(t.getName())) {
                kept.add(t);
            }
        }
        kept.addAll(added);
        GraphProto.Builder out = graph.toBuilder().clearNode().addAllNode(nodes).clearInitializer()
                .addAllInitializer(kept);
        ModelProto.Builder result = model.toBuilder().setGraph(out);
        metadata.forEach((k, v) -> result.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return result.build();
    }

    /** Adds the uint8 Q/DQ pair after {@code tensor} when the plan quantises it. */
    private static void quantizeIfPlanned(String tensor, Map<String, ActivationRange> ranges, QuantizationPlan plan,
            Names unique, List<TensorProto> added, List<NodeProto> nodes, Map<String, String> dequantised) {
        if (!plan.activations().contains(tensor)) {
            return;
        }
        ActivationRange r = range(ranges, tensor);
        String scale = unique.next(tensor + "_scale");
        added.add(floatTensor(scale, new float[] {r.scale()}, List.of()));
        String zero = unique.next(tensor + "_zero");
        added.add(tensor(zero, TensorProto.DataType.UINT8, ByteBuffer.wrap(new byte[] {(byte) r.zeroPoint()}),
                List.of()));
        String q = unique.next(tensor + "_q");
        nodes.add(NodeProto.newBuilder().setName(unique.next(tensor + "_quantize"))
                .setOpType(OnnxOp.QUANTIZE_LINEAR.opType()).addInput(tensor).addInput(scale).addInput(zero)
                .addOutput(q).build());
        dequantised.put(tensor, dequantize(nodes, unique, tensor + "_dq", q, scale, zero, false));
    }

    private static String dequantize(List<NodeProto> nodes, Names unique, String hint, String q, String scale,
            String zero, boolean perChannel) {
        String out = unique.next(hint);
        NodeProto.Builder n = NodeProto.newBuilder().setName(unique.next(hint + "_node"))
                .setOpType(OnnxOp.DEQUANTIZE_LINEAR.opType()).addInput(q).addInput(scale).addInput(zero).addOutput(out);
        if (perChannel) {
            n.addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT)
                    .setI(0));
        }
        nodes.add(n.build());
        return out;
    }

    private static ActivationRange range(Map<String, ActivationRange> ranges, String tensor) {
        ActivationRange r = ranges.get(tensor);
        if (r == null) {
            throw new IllegalArgumentException("no calibrated range for activation " + tensor);
        }
        return r;
    }

    /** The values of a float initializer (raw little-endian data or the float_data field). */
    static float[] floats(TensorProto t) {
        if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException("initializer " + t.getName() + " is not float32");
        }
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] v = new float[b.remaining() / Float.BYTES];
            b.asFloatBuffer().get(v);
            return v;
        }
        float[] v = new float[t.getFloatDataCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.getFloatData(i);
        }
        return v;
    }

    private static TensorProto floatTensor(String name, float[] values, List<Long> dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return tensor(name, TensorProto.DataType.FLOAT, bytes, dims);
    }

    private static TensorProto tensor(String name, TensorProto.DataType type, ByteBuffer bytes, List<Long> dims) {
        bytes.rewind();
        return TensorProto.newBuilder().setName(name).setDataType(type.getNumber()).addAllDims(dims)
                .setRawData(ByteString.copyFrom(bytes)).build();
    }

    /** Tensor and node names not yet used in the graph. */
    private static final class Names {
        private final Set<String> used;

        Names(Set<String> used) {
            this.used = new HashSet<>(used);
        }

        String next(String hint) {
            String name = hint;
            for (int i = 1; !used.add(name); i++) {
                name = hint + "_" + i;
            }
            return name;
        }
    }
}

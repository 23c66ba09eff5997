package org.tgssalt.export.int8;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tgssalt.export.onnx.OnnxOp;

/**
 * Which parts of a float32 graph the int8 graph quantises: every convolution with constant weights, its
 * input activation and its output (after its ReLU when one alone follows), except a convolution whose
 * output goes into one of {@link #FLOAT_READERS} (kept float32, as the framing, resizes, grid sampling and
 * pooling are). Each quantised tensor is quantised once and every
 * reader of it reads the dequantised value, so ONNX Runtime's rule for fusing {@code DQ -> Conv -> Q}
 * (the convolution's output read by the QuantizeLinear only) holds.
 *
 * @param convs the quantised convolutions, in graph order
 * @param activations every tensor that gets a uint8 QuantizeLinear / DequantizeLinear pair, in graph order
 */
public record QuantizationPlan(List<QuantizedConv> convs, List<String> activations) {
    public QuantizationPlan {
        convs = List.copyOf(convs);
        activations = List.copyOf(activations);
    }

    /**
     * The operators whose input convolutions stay float32 unless told otherwise: the Softmax (the classifier's
     * logits), the Sigmoids (scSE gates and the gates multiply whole feature maps) and the Transpose that
     * carries the guided upsampling's offsets to GridSample (a sampling position off by a step moves every
     * value). Measured on a real fold (width 0.5, 1,200 images, out-of-fold mAP 0.7392 in float32,
     * percentile calibration): every convolution but the classifier int8 0.7350; these kept float32
     * 0.7367, 16 of 112 convolutions, all small (1x1, but for the 3x3 offset convolution with 2 outputs).
     */
    public static final Set<String> FLOAT_READERS = Set.of(OnnxOp.SOFTMAX.opType(), OnnxOp.SIGMOID.opType(),
            OnnxOp.TRANSPOSE.opType());

    /** The plan for {@code model}'s graph, convolutions read by {@link #FLOAT_READERS} kept float32. */
    public static QuantizationPlan of(ModelProto model) {
        return of(model, FLOAT_READERS);
    }

    /**
     * The plan for {@code model}'s graph.
     *
     * @param floatReaders operator types (e.g. Softmax, Sigmoid) whose input convolutions stay float32
     */
    public static QuantizationPlan of(ModelProto model, Set<String> floatReaders) {
        GraphProto graph = model.getGraph();
        Set<String> constants = new HashSet<>();
        for (TensorProto t : graph.getInitializerList()) {
            constants.add(t.getName());
        }
        Map<String, List<NodeProto>> readers = new HashMap<>();
        for (NodeProto n : graph.getNodeList()) {
            for (String in : n.getInputList()) {
                readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        List<QuantizedConv> convs = new ArrayList<>();
        Set<String> activations = new LinkedHashSet<>();
        for (NodeProto n : graph.getNodeList()) {
            if (!n.getOpType().equals(OnnxOp.CONV.opType()) || !constants.contains(n.getInput(1))
                    || (n.getInputCount() > 2 && !constants.contains(n.getInput(2)))) {
                continue;
            }
            String output = n.getOutput(0);
            List<NodeProto> next = readers.getOrDefault(output, List.of());
            if (next.size() == 1 && next.get(0).getOpType().equals(OnnxOp.RELU.opType())) {
                output = next.get(0).getOutput(0);
            }
            boolean keptFloat = readers.getOrDefault(output, List.of()).stream()
                    .anyMatch(r -> floatReaders.contains(r.getOpType()));
            if (keptFloat) {
                continue;
            }
            String bias = n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? n.getInput(2) : null;
            convs.add(new QuantizedConv(n.getName(), n.getInput(0), n.getInput(1), bias, output));
            activations.add(n.getInput(0));
            activations.add(output);
        }
        // Graph order: a tensor's Q/DQ pair goes right after the node that makes it.
        List<String> ordered = new ArrayList<>();
        for (ValueInfoProto in : graph.getInputList()) {
            if (activations.contains(in.getName())) {
                ordered.add(in.getName());
            }
        }
        for (NodeProto n : graph.getNodeList()) {
            for (String out : n.getOutputList()) {
                if (activations.contains(out)) {
                    ordered.add(out);
                }
            }
        }
        return new QuantizationPlan(convs, ordered);
    }

    /**
     * {@code model} with every activation of this plan added as a graph output (float32, shape left to
     * ONNX Runtime), for calibration. The original output stays first.
     */
    public ModelProto calibrationModel(ModelProto model) {
        GraphProto.Builder graph = model.getGraph().toBuilder();
        Set<String> outputs = new HashSet<>();
        graph.getOutputList().forEach(o -> outputs.add(o.getName()));
        for (String a : activations) {
            if (outputs.add(a)) {
                graph.addOutput(ValueInfoProto.newBuilder().setName(a).setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
            }
        }
        return model.toBuilder().setGraph(graph).build();
    }
}

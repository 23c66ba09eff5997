package org.tgssalt.export.flops;

import org.tgssalt.ensemble.FoldEnsemble;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts the floating-point operations of one forward pass of an ONNX graph for one image:
 * convolutions only (2 per multiply-add: {@code 2 * Cout * Ho * Wo * Cin/groups * kh * kw}; bias
 * additions, activations, poolings and resizes are not counted). The convolutions' output sizes
 * are read from the graph itself by running it once in ONNX Runtime on a zero image with every Conv
 * output exposed, so the count does not depend on how the graph was built.
 */
public final class FlopCounter {
    private FlopCounter() {
    }

    /**
     * Convolution FLOPs per image.
     *
     * @param model a graph with one float input whose first dimension is the (dynamic) batch
     * @return 2 x multiply-adds of all Conv nodes for a batch of one
     */
    public static long convolutionFlops(ModelProto model) throws OrtException {
        Map<String, long[]> weightShapes = new HashMap<>();
        for (TensorProto t : model.getGraph().getInitializerList()) {
            weightShapes.put(t.getName(), t.getDimsList().stream().mapToLong(Long::longValue).toArray());
        }
        Map<String, NodeProto> convs = new LinkedHashMap<>();
        for (NodeProto node : model.getGraph().getNodeList()) {
            if (node.getOpType().equals("Conv")) {
                convs.put(node.getOutput(0), node);
            }
        }
        if (convs.isEmpty()) {
            return 0;
        }
        ModelProto.Builder exposed = model.toBuilder();
        for (String output : convs.keySet()) {
            exposed.getGraphBuilder().addOutput(ValueInfoProto.newBuilder().setName(output).setType(
                    TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                            .setElemType(TensorProto.DataType.FLOAT.getNumber()))));
        }
        ValueInfoProto input = model.getGraph().getInput(0);
        long[] shape = input.getType().getTensorType().getShape().getDimList().stream()
                .mapToLong(d -> d.hasDimValue() ? d.getDimValue() : 1).toArray();
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        OrtEnvironment env = FoldEnsemble.ortEnvironment();
        long flops = 0;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            options.setIntraOpNumThreads(1);
            FloatBuffer zeros = ByteBuffer.allocateDirect(Math.toIntExact(size) * Float.BYTES)
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
            try (OrtSession session = env.createSession(exposed.build().toByteArray(), options);
                 OnnxTensor tensor = OnnxTensor.createTensor(env, zeros, shape);
                 OrtSession.Result result = session.run(Map.of(input.getName(), tensor), convs.keySet())) {
                for (Map.Entry<String, OnnxValue> e : result) {
                    long[] out = ((OnnxTensor) e.getValue()).getInfo().getShape();
                    NodeProto conv = convs.get(e.getKey());
                    long[] weight = weightShapes.get(conv.getInput(1));
                    if (weight == null || weight.length != 4) {
                        throw new IllegalArgumentException("Conv " + conv.getName()
                                + ": weight is not a 4-D initializer, cannot count its FLOPs");
                    }
                    flops += 2L * out[1] * out[2] * out[3] * weight[1] * weight[2] * weight[3];
                }
            }
        }
        return flops;
    }
}

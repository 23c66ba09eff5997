package org.tgssalt.export.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
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
import java.util.TreeSet;

/**
 * Builds one ONNX model (opset {@value #OPSET}, IR version {@value #IR_VERSION}) node by node and
 * validates every call: operator arity and attributes ({@link OnnxOp}), inputs that exist, initializer
 * sizes that match their shapes. Tensor and node names are made unique from the hints given.
 *
 * <pre>{@code
 * GraphBuilder g = new GraphBuilder("fold-1");
 * String x = g.input("image", GraphBuilder.BATCH, 1, 101, 101);
 * String y = g.op(OnnxOp.RELU, "act", List.of(x), OpAttributes.of());
 * g.output(y, "out", GraphBuilder.BATCH, 1, 101, 101);
 * ModelProto model = g.build();
 * }</pre>
 *
 * Not thread-safe; one builder makes one model.
 */
public final class GraphBuilder {
    /** The default-domain opset every graph imports. */
    public static final int OPSET = 17;
    /** The ONNX IR version written (the one that goes with opset 17). */
    public static final long IR_VERSION = 8;
    /** A dimension value meaning "the dynamic batch size", written as {@code dim_param "N"}. */
    public static final long BATCH = -1;
    /** Name of the dynamic batch dimension. */
    public static final String BATCH_PARAM = "N";

    private final String graphName;
    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<TensorProto> initializers = new ArrayList<>();
    private final List<ValueInfoProto> inputs = new ArrayList<>();
    private final List<ValueInfoProto> outputs = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Set<String> tensorNames = new HashSet<>();
    private final Set<String> nodeNames = new HashSet<>();
    private final Map<String, Integer> hintCounts = new LinkedHashMap<>();
    private final List<OperatorSetIdProto> opsets = new ArrayList<>(
            List.of(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET).build()));
    private long irVersion = IR_VERSION;

    /** @param graphName the graph's name inside the model */
    public GraphBuilder(String graphName) {
        this.graphName = graphName;
    }

    /**
     * Declares a float32 graph input.
     *
     * @param name the exact input name (must be unused)
     * @param dims the shape; {@link #BATCH} for the dynamic batch dimension
     * @return the tensor name
     */
    public String input(String name, long... dims) {
        claimExact(name);
        inputs.add(valueInfo(name, dims));
        return name;
    }

    /**
     * Declares a float32 graph output with the exact name {@code name}, adding an Identity node when
     * the tensor has another name.
     */
    public void output(String tensor, String name, long... dims) {
        requireTensor("output " + name, tensor);
        String produced = tensor;
        if (!tensor.equals(name)) {
            claimExact(name);
            nodes.add(NodeProto.newBuilder().setName(uniqueNodeName(name)).setOpType(OnnxOp.IDENTITY.opType())
                    .addInput(tensor).addOutput(name).build());
            produced = name;
        }
        outputs.add(valueInfo(produced, dims));
    }

    /**
     * A float32 initializer.
     *
     * @param hint name hint (made unique)
     * @param values row-major values; copied
     * @param shape its shape; the product must equal {@code values.length}
     */
    public String constant(String hint, float[] values, long... shape) {
        checkSize(hint, values.length, shape);
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return addInitializer(hint, TensorProto.DataType.FLOAT, bytes, shape);
    }

    /** An int64 initializer (shapes, slice bounds, axes). */
    public String constantLongs(String hint, long[] values, long... shape) {
        checkSize(hint, values.length, shape);
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        return addInitializer(hint, TensorProto.DataType.INT64, bytes, shape);
    }

    /** A 1-D int64 initializer. */
    public String vector(String hint, long... values) {
        return constantLongs(hint, values, values.length);
    }

    /**
     * Adds one single-output node.
     *
     * @param op the operator
     * @param hint name hint for the node and its output (made unique)
     * @param in input tensor names; {@code ""} marks an omitted optional input
     * @param attributes the node's attributes
     * @return the output tensor's name
     * @throws IllegalArgumentException naming the op when the call is malformed
     */
    public String op(OnnxOp op, String hint, List<String> in, OpAttributes attributes) {
        String where = "Building op " + op.opType() + " '" + hint + "'";
        if (in.size() < op.minInputs() || in.size() > op.maxInputs()) {
            String expected = op.minInputs() == op.maxInputs() ? String.valueOf(op.minInputs())
                    : op.maxInputs() == Integer.MAX_VALUE ? "at least " + op.minInputs()
                    : op.minInputs() + " to " + op.maxInputs();
            throw new IllegalArgumentException(where + ": expected " + expected + " inputs, got " + in.size());
        }
        for (int i = 0; i < in.size(); i++) {
            if (in.get(i).isEmpty()) {
                if (i < op.minInputs()) {
                    throw new IllegalArgumentException(where + ": input " + i + " is required");
                }
            } else {
                requireTensor(where, in.get(i));
            }
        }
        Set<String> given = new TreeSet<>();
        for (AttributeProto a : attributes.list()) {
            if (!op.knownAttributes().contains(a.getName())) {
                throw new IllegalArgumentException(where + ": unknown attribute '" + a.getName()
                        + "', expected one of " + new TreeSet<>(op.knownAttributes()));
            }
            given.add(a.getName());
        }
        for (String required : op.requiredAttributes()) {
            if (!given.contains(required)) {
                throw new IllegalArgumentException(where + ": missing required attribute '" + required + "'");
            }
        }
        String output = uniqueTensorName(hint);
        nodes.add(NodeProto.newBuilder().setName(uniqueNodeName(hint)).setOpType(op.opType())
                .addAllInput(in).addOutput(output).addAllAttribute(attributes.list()).build());
        return output;
    }

    /** Shorthand for a node without attributes. */
    public String op(OnnxOp op, String hint, String... in) {
        return op(op, hint, List.of(in), OpAttributes.of());
    }

    /**
     * A Slice node with constant bounds (per ONNX, negative indices count from the end and a
     * negative step walks backwards; use {@link Long#MIN_VALUE} as the end to run through index 0).
     */
    public String slice(String hint, String x, long[] axes, long[] starts, long[] ends, long[] steps) {
        if (axes.length != starts.length || axes.length != ends.length || axes.length != steps.length) {
            throw new IllegalArgumentException("Building op Slice '" + hint + "': axes, starts, ends and steps differ in length");
        }
        return op(OnnxOp.SLICE, hint, List.of(x, vector(hint + "_starts", starts), vector(hint + "_ends", ends),
                vector(hint + "_axes", axes), vector(hint + "_steps", steps)), OpAttributes.of());
    }

    /**
     * Copies another graph's nodes and initializers into this one under a name prefix, binding its
     * inputs to tensors of this graph. Only operators listed in {@link OnnxOp} are accepted.
     *
     * @param sub the graph to embed
     * @param prefix prepended to every tensor and node name of {@code sub} (e.g. {@code fold3/})
     * @param inputBindings for each input name of {@code sub}, the tensor of this graph that feeds it
     * @return for each output name of {@code sub}, its tensor name in this graph
     */
    public Map<String, String> embed(GraphProto sub, String prefix, Map<String, String> inputBindings) {
        return copy(sub, prefix, inputBindings, true);
    }

    private Map<String, String> copy(GraphProto sub, String prefix, Map<String, String> inputBindings,
            boolean knownOperatorsOnly) {
        Map<String, String> renamed = new HashMap<>();
        for (ValueInfoProto in : sub.getInputList()) {
            String bound = inputBindings.get(in.getName());
            if (bound == null) {
                throw new IllegalArgumentException("embedding " + sub.getName() + ": no binding for its input '"
                        + in.getName() + "'");
            }
            requireTensor("embedding " + sub.getName(), bound);
            renamed.put(in.getName(), bound);
        }
        for (TensorProto t : sub.getInitializerList()) {
            String name = uniqueTensorName(prefix + t.getName());
            renamed.put(t.getName(), name);
            initializers.add(t.toBuilder().setName(name).build());
        }
        Set<String> known = new HashSet<>();
        for (OnnxOp op : OnnxOp.values()) {
            known.add(op.opType());
        }
        for (NodeProto node : sub.getNodeList()) {
            if (knownOperatorsOnly && (!node.getDomain().isEmpty() || !known.contains(node.getOpType()))) {
                throw new IllegalArgumentException("embedding " + sub.getName() + ": node " + node.getName()
                        + " has operator " + node.getDomain() + ":" + node.getOpType() + ", not one the exporter knows");
            }
            NodeProto.Builder copy = node.toBuilder().clearInput().clearOutput()
                    .setName(uniqueNodeName(prefix + node.getName()));
            for (String in : node.getInputList()) {
                if (in.isEmpty()) {
                    copy.addInput(in);
                    continue;
                }
                String name = renamed.get(in);
                if (name == null) {
                    throw new IllegalArgumentException("embedding " + sub.getName() + ": node " + node.getName()
                            + " reads '" + in + "' before it is produced");
                }
                copy.addInput(name);
            }
            for (String out : node.getOutputList()) {
                if (out.isEmpty()) {
                    copy.addOutput(out); // an omitted optional output stays omitted
                    continue;
                }
                String name = uniqueTensorName(prefix + out);
                renamed.put(out, name);
                copy.addOutput(name);
            }
            nodes.add(copy.build());
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        for (ValueInfoProto out : sub.getOutputList()) {
            outputs.put(out.getName(), renamed.get(out.getName()));
        }
        return outputs;
    }

    /**
     * Writes these opset imports instead of the default domain's {@value #OPSET} (an imported graph keeps the
     * opsets its nodes were written for; every node this builder emits itself is valid from opset 13 on).
     *
     * @param imports one entry per domain
     * @param ir the IR version to write (at least {@value #IR_VERSION})
     */
    public void useOpsets(List<OperatorSetIdProto> imports, long ir) {
        if (imports.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one opset import");
        }
        opsets.clear();
        opsets.addAll(imports);
        irVersion = Math.max(IR_VERSION, ir);
    }

    /**
     * Copies a graph from anywhere (any operator, any domain: ONNX Runtime judges them) into this one under a
     * name prefix, like {@link #embed}. Graph inputs that are also initializers (older exporters list weights
     * as inputs) are taken as initializers, not bound. Nodes holding subgraphs (If, Loop, Scan) are refused:
     * their inner names would need the same renaming.
     *
     * @throws IllegalArgumentException naming the node or input that cannot be copied
     */
    public Map<String, String> embedForeign(GraphProto sub, String prefix, Map<String, String> inputBindings) {
        Set<String> weights = new HashSet<>();
        for (TensorProto t : sub.getInitializerList()) {
            weights.add(t.getName());
        }
        GraphProto.Builder inputsOnly = sub.toBuilder().clearInput();
        for (ValueInfoProto in : sub.getInputList()) {
            if (!weights.contains(in.getName())) {
                inputsOnly.addInput(in);
            }
        }
        for (NodeProto node : sub.getNodeList()) {
            for (AttributeProto a : node.getAttributeList()) {
                if (a.hasG() || a.getGraphsCount() > 0) {
                    throw new IllegalArgumentException("node '" + node.getName() + "' (" + node.getOpType()
                            + ") holds a subgraph in attribute '" + a.getName() + "'; graphs with control flow "
                            + "(If, Loop, Scan) cannot be imported");
                }
            }
        }
        return copy(inputsOnly.build(), prefix, inputBindings, false);
    }

    /** Adds (or replaces) one {@code metadata_props} entry. */
    public void metadata(String key, String value) {
        metadata.put(key, value);
    }

    /** Number of nodes so far. */
    public int nodeCount() {
        return nodes.size();
    }

    /** The model: all nodes, initializers, inputs, outputs and metadata so far. */
    public ModelProto build() {
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new IllegalStateException("graph " + graphName + " needs at least one input and one output");
        }
        GraphProto graph = GraphProto.newBuilder().setName(graphName).addAllNode(nodes)
                .addAllInitializer(initializers).addAllInput(inputs).addAllOutput(outputs).build();
        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(irVersion)
                .setProducerName("tgs-salt").setProducerVersion(producerVersion())
                .addAllOpsetImport(opsets)
                .setGraph(graph);
        metadata.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }

    private static String producerVersion() {
        String v = GraphBuilder.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private String addInitializer(String hint, TensorProto.DataType type, ByteBuffer bytes, long[] shape) {
        String name = uniqueTensorName(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long d : shape) {
            t.addDims(d);
        }
        bytes.rewind();
        t.setRawData(ByteString.copyFrom(bytes));
        initializers.add(t.build());
        return name;
    }

    private static void checkSize(String hint, int length, long[] shape) {
        long product = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("initializer " + hint + ": negative dimension in shape");
            }
            product *= d;
        }
        if (product != length) {
            throw new IllegalArgumentException("initializer " + hint + ": shape " + java.util.Arrays.toString(shape)
                    + " holds " + product + " values, got " + length);
        }
    }

    private static ValueInfoProto valueInfo(String name, long[] dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            if (d == BATCH) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH_PARAM));
            } else if (d > 0) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
            } else {
                throw new IllegalArgumentException("value " + name + ": bad dimension " + d);
            }
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private void requireTensor(String where, String name) {
        if (!tensorNames.contains(name)) {
            throw new IllegalArgumentException(where + ": unknown input tensor '" + name + "'");
        }
    }

    private void claimExact(String name) {
        if (!tensorNames.add(name)) {
            throw new IllegalArgumentException("tensor name '" + name + "' is already used");
        }
    }

    private String uniqueTensorName(String hint) {
        String name = hint;
        while (tensorNames.contains(name)) {
            int n = hintCounts.merge(hint, 1, Integer::sum);
            name = hint + "_" + n;
        }
        tensorNames.add(name);
        return name;
    }

    private String uniqueNodeName(String hint) {
        String name = hint;
        int n = 0;
        while (nodeNames.contains(name)) {
            name = hint + "_node" + ++n;
        }
        nodeNames.add(name);
        return name;
    }
}

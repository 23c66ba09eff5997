package org.tgssalt.export.importing;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tgssalt.InputException;
import org.tgssalt.geometry.ImageConvention;
import org.tgssalt.io.Sha256;
import org.tgssalt.manifest.TensorSpec;

/**
 * One foreign ONNX graph as {@code import} reads it: the model, its bytes and SHA-256, the chosen input and
 * output and their declared shapes, checked against the user's {@link ImageConvention} before anything runs.
 * {@link #pruned()} is the graph cut down to what the chosen output needs.
 *
 * @param file where it was read
 * @param bytes the file's bytes
 * @param sha256 their SHA-256
 * @param model the parsed model
 * @param input the input fed with the framed image
 * @param output the output taken
 * @param inputShape the input's declared shape ({@value TensorSpec#DYNAMIC} for a dynamic or unnamed dimension)
 * @param outputShape the output's declared shape, or an empty array when the graph does not declare it
 */
public record ForeignGraph(Path file, byte[] bytes, String sha256, ModelProto model, String input, String output,
        long[] inputShape, long[] outputShape) {
    /** The oldest default-domain opset whose Softmax, Slice, Pad and Resize the framing relies on. */
    public static final int MIN_OPSET = 13;

    /** True when the graph takes a fixed batch of 1 (an export without a dynamic batch axis). */
    public boolean fixedBatch() {
        return inputShape[0] == 1;
    }

    /** The default ONNX domain's opset version the graph imports. */
    public long defaultOpset() {
        return defaultOpset(model);
    }

    private static long defaultOpset(ModelProto model) {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return o.getVersion();
            }
        }
        return -1;
    }

    /**
     * Reads and checks a foreign graph.
     *
     * @param inputName the input to feed, or null for the only one
     * @param outputName the output to take, or null for the only one
     * @throws InputException naming the file and the problem: not ONNX, no outputs, an unknown or ambiguous
     *     tensor name (listing the names there are), an opset before {@value #MIN_OPSET}, external weights,
     *     model-local functions
     */
    public static ForeignGraph read(Path file, String inputName, String outputName) {
        String where = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(where, "no such file", e);
        } catch (IOException e) {
            throw new InputException(where, "cannot read: " + e.getMessage(), e);
        }
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new InputException(where, "not an ONNX model (" + e.getMessage() + ")", e);
        }
        // Protobuf accepts many byte strings; a model without a graph or opset is not an ONNX file either.
        if (!model.hasGraph() || model.getOpsetImportCount() == 0 || model.getGraph().getNodeCount() == 0) {
            throw new InputException(where, "not an ONNX model (no graph with nodes and opset imports)");
        }
        GraphProto graph = model.getGraph();
        if (graph.getOutputCount() == 0) {
            throw new InputException(where, "the graph has no outputs");
        }
        long opset = defaultOpset(model);
        if (opset >= 0 && opset < MIN_OPSET) {
            throw new InputException(where, "imports opset " + opset + " of the default ONNX domain; import needs "
                    + MIN_OPSET + " or newer (torch.onnx.export(..., opset_version=" + MIN_OPSET + " or more))");
        }
        if (model.getFunctionsCount() > 0) {
            throw new InputException(where, "holds model-local functions, which import does not copy; export "
                    + "without them (torch.onnx.export without export_modules_as_functions)");
        }
        for (TensorProto t : graph.getInitializerList()) {
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                throw new InputException(where, "keeps initializer '" + t.getName() + "' in an external data file; "
                        + "save the model with its weights inside (a single .onnx file)");
            }
        }
        Set<String> weights = new HashSet<>();
        graph.getInitializerList().forEach(t -> weights.add(t.getName()));
        List<ValueInfoProto> inputs = graph.getInputList().stream().filter(v -> !weights.contains(v.getName())).toList();
        ValueInfoProto in = choose(where, "input", inputs, inputName, "--input");
        ValueInfoProto out = choose(where, "output", graph.getOutputList(), outputName, "--output");
        long[] inShape = shape(in);
        long[] outShape = out.getType().getTensorType().hasShape() ? shape(out) : new long[0];
        if (!in.getType().hasTensorType()
                || in.getType().getTensorType().getElemType() != TensorProto.DataType.FLOAT.getNumber()) {
            throw new InputException(where, "input " + in.getName() + " is not a float32 tensor");
        }
        return new ForeignGraph(file, bytes, Sha256.of(bytes), model, in.getName(), out.getName(), inShape, outShape);
    }

    private static ValueInfoProto choose(String where, String kind, List<ValueInfoProto> values, String name,
            String option) {
        List<String> names = values.stream().map(ValueInfoProto::getName).toList();
        if (name == null) {
            if (values.size() != 1) {
                throw new InputException(where, "the graph has " + kind + "s " + names + "; name the one to use with "
                        + option);
            }
            return values.get(0);
        }
        for (ValueInfoProto v : values) {
            if (v.getName().equals(name)) {
                return v;
            }
        }
        throw new InputException(where, "no " + kind + " named '" + name + "'; its " + kind + "s are " + names);
    }

    private static long[] shape(ValueInfoProto value) {
        List<TensorShapeProto.Dimension> dims = value.getType().getTensorType().getShape().getDimList();
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).hasDimValue() && dims.get(i).getDimValue() > 0 ? dims.get(i).getDimValue()
                    : TensorSpec.DYNAMIC;
        }
        return shape;
    }

    /**
     * Checks the declared shapes against the convention.
     *
     * @throws InputException naming the file, the tensor, its shape and the setting it contradicts
     */
    public void check(ImageConvention convention) {
        checkInput(file.toString(), input, inputShape, convention);
        checkOutput(file.toString(), output, outputShape, convention);
    }

    private static void checkInput(String where, String input, long[] shape, ImageConvention c) {
        String name = "input " + input + " " + TensorSpec.format(shape);
        if (shape.length != 4) {
            throw new InputException(where, name + " is not an image batch [N,C,H,W]");
        }
        if (shape[0] > 1) {
            throw new InputException(where, name + " has a fixed batch of " + shape[0]
                    + "; import takes a dynamic batch or a fixed batch of 1");
        }
        if (shape[1] > 0 && shape[1] != c.channels()) {
            throw new InputException(where, name + " has " + shape[1] + " channels; --channels says " + c.channels());
        }
        for (int axis = 2; axis < 4; axis++) {
            if (shape[axis] > 0 && shape[axis] != c.inputSize()) {
                throw new InputException(where, name + " is " + shape[2] + "x" + shape[3] + "; --input-size says "
                        + c.inputSize());
            }
        }
    }

    private static void checkOutput(String where, String output, long[] shape, ImageConvention c) {
        if (shape.length == 0) {
            return; // not declared: the parity run checks what comes out
        }
        String name = "output " + output + " " + TensorSpec.format(shape);
        if (shape.length != 4) {
            throw new InputException(where, name + " is not a map batch [N,C,H,W]");
        }
        if (shape[1] > 0) {
            String problem = c.activation().mismatch(shape[1]);
            if (problem != null) {
                throw new InputException(where, name + ": " + problem);
            }
        }
        for (int axis = 2; axis < 4; axis++) {
            if (shape[axis] > 0 && shape[axis] != c.inputSize()) {
                throw new InputException(where, name + " is " + shape[2] + "x" + shape[3] + ", not the input's "
                        + c.inputSize() + "x" + c.inputSize() + " (the crop back to 101x101 needs the input size)");
            }
        }
    }

    /**
     * The graph cut down to the nodes the chosen output needs, with only that output and the chosen input.
     *
     * @throws InputException when that output needs another graph input than the chosen one
     */
    public GraphProto pruned() {
        GraphProto graph = model.getGraph();
        Set<String> needed = new HashSet<>(Set.of(output));
        List<NodeProto> nodes = graph.getNodeList();
        boolean[] keep = new boolean[nodes.size()];
        // Nodes are topologically sorted: one backward pass finds every producer the output depends on.
        for (int i = nodes.size() - 1; i >= 0; i--) {
            NodeProto node = nodes.get(i);
            if (node.getOutputList().stream().anyMatch(needed::contains)) {
                keep[i] = true;
                node.getInputList().stream().filter(s -> !s.isEmpty()).forEach(needed::add);
            }
        }
        GraphProto.Builder cut = graph.toBuilder().clearNode().clearInitializer().clearInput().clearOutput()
                .clearValueInfo();
        for (int i = 0; i < nodes.size(); i++) {
            if (keep[i]) {
                cut.addNode(nodes.get(i));
            }
        }
        Set<String> weights = new LinkedHashSet<>();
        for (TensorProto t : graph.getInitializerList()) {
            if (needed.contains(t.getName())) {
                cut.addInitializer(t);
                weights.add(t.getName());
            }
        }
        List<String> otherInputs = new ArrayList<>();
        for (ValueInfoProto v : graph.getInputList()) {
            if (v.getName().equals(input)) {
                cut.addInput(v);
            } else if (needed.contains(v.getName()) && !weights.contains(v.getName())) {
                otherInputs.add(v.getName());
            }
        }
        if (!otherInputs.isEmpty()) {
            throw new InputException(file.toString(), "output " + output + " also needs the graph inputs "
                    + otherInputs + "; import feeds only " + input);
        }
        graph.getOutputList().stream().filter(v -> v.getName().equals(output)).forEach(cut::addOutput);
        return cut.build();
    }

    /**
     * The declared convention as far as the graph shows it: the input's {@code [C,H,W]} and the output's
     * {@code [C,H,W]} (dynamic dimensions as N), for comparing the graphs of one ensemble.
     */
    public String declaredConvention() {
        return "input " + TensorSpec.format(Arrays.copyOfRange(inputShape, 1, inputShape.length)) + ", output "
                + (outputShape.length < 2 ? "undeclared" : TensorSpec.format(Arrays.copyOfRange(outputShape, 1,
                        outputShape.length)));
    }

    /** Producer, opset and tensors, for logs and metadata. */
    public String summary() {
        Deque<String> opsets = new ArrayDeque<>();
        model.getOpsetImportList().forEach(o -> opsets.add((o.getDomain().isEmpty() ? "ai.onnx" : o.getDomain())
                + " " + o.getVersion()));
        return (model.getProducerName().isEmpty() ? "unknown producer" : model.getProducerName() + " "
                + model.getProducerVersion()).trim() + ", opsets " + opsets + ", " + input + " "
                + TensorSpec.format(inputShape) + " -> " + output
                + (outputShape.length == 0 ? "" : " " + TensorSpec.format(outputShape));
    }
}

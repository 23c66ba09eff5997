package org.tgssalt.export.onnx;

import java.util.Set;

/**
 * The ONNX operators (opset {@value GraphBuilder#OPSET}) that the exporter emits, each with its
 * input arity and the attributes it accepts and requires, so that {@link GraphBuilder} rejects a
 * malformed node when it is built instead of ONNX Runtime refusing the graph later.
 */
public enum OnnxOp {
    CONV("Conv", 2, 3, Set.of(), Set.of("kernel_shape", "strides", "pads", "dilations", "group", "auto_pad")),
    BATCH_NORMALIZATION("BatchNormalization", 5, 5, Set.of(), Set.of("epsilon", "momentum", "training_mode")),
    RELU("Relu", 1, 1, Set.of(), Set.of()),
    SIGMOID("Sigmoid", 1, 1, Set.of(), Set.of()),
    ADD("Add", 2, 2, Set.of(), Set.of()),
    SUB("Sub", 2, 2, Set.of(), Set.of()),
    MUL("Mul", 2, 2, Set.of(), Set.of()),
    DIV("Div", 2, 2, Set.of(), Set.of()),
    CONCAT("Concat", 1, Integer.MAX_VALUE, Set.of("axis"), Set.of("axis")),
    SLICE("Slice", 3, 5, Set.of(), Set.of()),
    AVERAGE_POOL("AveragePool", 1, 1, Set.of("kernel_shape"),
            Set.of("kernel_shape", "strides", "pads", "ceil_mode", "count_include_pad", "auto_pad")),
    GLOBAL_AVERAGE_POOL("GlobalAveragePool", 1, 1, Set.of(), Set.of()),
    RESIZE("Resize", 1, 4, Set.of("mode"), Set.of("mode", "coordinate_transformation_mode", "nearest_mode",
            "cubic_coeff_a", "exclude_outside", "extrapolation_value")),
    GRID_SAMPLE("GridSample", 2, 2, Set.of(), Set.of("mode", "padding_mode", "align_corners")),
    SOFTMAX("Softmax", 1, 1, Set.of(), Set.of("axis")),
    TRANSPOSE("Transpose", 1, 1, Set.of("perm"), Set.of("perm")),
    SHAPE("Shape", 1, 1, Set.of(), Set.of("start", "end")),
    MEAN("Mean", 1, Integer.MAX_VALUE, Set.of(), Set.of()),
    IDENTITY("Identity", 1, 1, Set.of(), Set.of()),
    PAD("Pad", 2, 4, Set.of(), Set.of("mode")),
    /** float -> uint8/int8 with a scale and zero point (per tensor, or per channel along {@code axis}). */
    QUANTIZE_LINEAR("QuantizeLinear", 2, 3, Set.of(), Set.of("axis")),
    /** uint8/int8/int32 -> float; ONNX Runtime fuses DQ -> Conv -> Q into an integer convolution. */
    DEQUANTIZE_LINEAR("DequantizeLinear", 2, 3, Set.of(), Set.of("axis"));

    private final String opType;
    private final int minInputs;
    private final int maxInputs;
    private final Set<String> requiredAttributes;
    private final Set<String> knownAttributes;

    OnnxOp(String opType, int minInputs, int maxInputs, Set<String> required, Set<String> known) {
        this.opType = opType;
        this.minInputs = minInputs;
        this.maxInputs = maxInputs;
        this.requiredAttributes = required;
        this.knownAttributes = known;
    }

    /** The ONNX {@code op_type}, e.g. {@code Conv}. */
    public String opType() {
        return opType;
    }

    /** Fewest inputs the node may have (optional trailing inputs not counted). */
    public int minInputs() {
        return minInputs;
    }

    /** Most inputs the node may have. */
    public int maxInputs() {
        return maxInputs;
    }

    /** Attributes the node must carry. */
    public Set<String> requiredAttributes() {
        return requiredAttributes;
    }

    /** Every attribute the operator defines. */
    public Set<String> knownAttributes() {
        return knownAttributes;
    }
}

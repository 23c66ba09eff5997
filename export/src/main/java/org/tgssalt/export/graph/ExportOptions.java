package org.tgssalt.export.graph;

/**
 * How blocks become ONNX nodes.
 *
 * @param foldBatchNorm true (the default) folds each eval-mode batch norm into the preceding
 *     convolution's weights and bias; false emits ONNX BatchNormalization nodes with the running
 *     statistics, which keeps the trained parameters visible in the graph
 */
public record ExportOptions(boolean foldBatchNorm) {
    /** Batch norm folded into the convolutions. */
    public static final ExportOptions DEFAULT = new ExportOptions(true);
}

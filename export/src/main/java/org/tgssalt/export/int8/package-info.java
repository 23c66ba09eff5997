/**
 * int8 graphs in QDQ form, made by this exporter from its float32 graphs: which tensors are quantised
 * ({@link org.tgssalt.export.int8.QuantizationPlan}), the activation ranges measured by running the float32
 * graph on calibration images ({@link org.tgssalt.export.int8.ActivationCalibrator}), the per-channel weight
 * quantisation ({@link org.tgssalt.export.int8.ChannelWeights}), the rewrite into QuantizeLinear /
 * DequantizeLinear pairs ({@link org.tgssalt.export.int8.QdqRewriter}) that ONNX Runtime's CPU provider fuses
 * into integer convolutions, and the export step with its quality gate ({@link org.tgssalt.export.int8.Int8Export}).
 */
package org.tgssalt.export.int8;

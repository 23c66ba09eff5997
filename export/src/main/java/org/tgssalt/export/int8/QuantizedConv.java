package org.tgssalt.export.int8;

/**
 * One convolution of a float32 graph that the int8 graph computes with 8-bit integers.
 *
 * @param node the Conv node's name
 * @param input the activation it reads (quantised to uint8)
 * @param weight the initializer holding its float weight {@code [out, in/group, kh, kw]}
 * @param bias the initializer holding its float bias {@code [out]}, or null
 * @param output the tensor quantised after it: its output, or the output of the ReLU that alone reads it
 *     (ONNX Runtime drops that ReLU into the integer convolution when the zero point is 0)
 */
record QuantizedConv(String node, String input, String weight, String bias, String output) {}

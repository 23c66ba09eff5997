/**
 * A small validated ONNX op layer over the generated {@code ai.onnx.proto.OnnxMl} classes:
 * {@link org.tgssalt.export.onnx.OnnxOp} (operators with arity and attributes),
 * {@link org.tgssalt.export.onnx.OpAttributes} and {@link org.tgssalt.export.onnx.GraphBuilder}.
 */
package org.tgssalt.export.onnx;

/**
 * {@code ./tgs import}: fold graphs exported by other tools (PyTorch's {@code torch.onnx.export}, ...) wrapped into
 * self-contained fold graphs with this project's framing ({@link org.tgssalt.export.graph.ImageFraming} under the
 * user's {@link org.tgssalt.geometry.ImageConvention}), parity-checked against the foreign graph run alone with the
 * framing done in Java, and listed in an {@code ensemble.json} like the exporter's.
 */
package org.tgssalt.export.importing;

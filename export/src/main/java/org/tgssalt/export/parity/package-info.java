/**
 * Proof that exported graphs compute what the DJL model computes: {@link org.tgssalt.export.parity.ParityCheck}
 * runs both on the same images ({@link org.tgssalt.export.parity.ParityImages}) through
 * {@link org.tgssalt.export.parity.OrtGraph} (ONNX Runtime, CPU).
 */
package org.tgssalt.export.parity;

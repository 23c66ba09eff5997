/**
 * The embeddable scorer: {@link org.tgssalt.ensemble.FoldEnsemble} opens the fold graphs named by an
 * {@code ensemble.json} in ONNX Runtime and turns 101x101 images into mean salt probabilities (flip
 * TTA, mean over folds) and masks. {@link org.tgssalt.ensemble.EnsembleOptions} picks the device,
 * threads, batch size, TTA, threshold and fused graph.
 */
package org.tgssalt.ensemble;

/**
 * Model blocks to ONNX nodes: one {@link org.tgssalt.export.graph.BlockEmitter} per block type, all listed in
 * {@link org.tgssalt.export.graph.EmitterRegistry}; {@link org.tgssalt.export.graph.ImageFraming} (padding,
 * normalisation, crop inside the graph), {@link org.tgssalt.export.graph.SaltNetGraph} (one fold) and
 * {@link org.tgssalt.export.graph.FusedEnsembleGraph} (all folds with flip TTA).
 */
package org.tgssalt.export.graph;

/**
 * Fold checkpoints: DJL parameters ({@code saltnet.params}) with a JSON sidecar ({@code checkpoint.json},
 * {@link org.tgssalt.train.checkpoint.CheckpointInfo}), loading, and transfer of parameters into a larger
 * architecture; epoch snapshots of a fold in training ({@link org.tgssalt.train.checkpoint.EpochSnapshots}) and what
 * a run must match to be continued from one ({@link org.tgssalt.train.checkpoint.RunIdentity}).
 */
package org.tgssalt.train.checkpoint;

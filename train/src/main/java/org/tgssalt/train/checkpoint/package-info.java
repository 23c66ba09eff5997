/**
 * Fold checkpoints: DJL parameters ({@code saltnet.params}) with a JSON sidecar ({@code checkpoint.json},
 * {@link org.tgssalt.train.checkpoint.CheckpointInfo}), loading, and transfer of parameters into a larger
 * architecture.
 */
package org.tgssalt.train.checkpoint;

package org.tgssalt.train.checkpoint;

import org.tgssalt.train.model.SaltNet;

/**
 * A checkpoint read back: the built network with its parameters loaded (attached to the manager given to
 * {@link Checkpoints#load}, which owns them), and its metadata.
 *
 * @param net the network, initialised for 129x129 input
 * @param info the metadata
 */
public record LoadedCheckpoint(SaltNet net, CheckpointInfo info) {}

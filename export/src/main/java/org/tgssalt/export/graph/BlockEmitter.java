package org.tgssalt.export.graph;

import ai.djl.nn.Block;
import java.util.List;

/**
 * Turns one block type's eval-mode forward into ONNX nodes. One implementation per block type,
 * registered in {@link EmitterRegistry}; an emitter hands its child blocks back to
 * {@link Emission#emit} so that each block type is mapped in exactly one place.
 *
 * @param <B> the block type
 */
public interface BlockEmitter<B extends Block> {
    /** The block class this emitter handles (matched exactly). */
    Class<B> blockType();

    /**
     * Emits the block.
     *
     * @param emission the graph being built and the registry for child blocks
     * @param block the block, initialised, in eval mode
     * @param scope a name prefix for the nodes and initializers, e.g. {@code enc1/bottleneck}
     * @param inputs the block's inputs in its forward order
     * @return the block's output
     */
    FeatureMap emit(Emission emission, B block, String scope, List<FeatureMap> inputs);
}

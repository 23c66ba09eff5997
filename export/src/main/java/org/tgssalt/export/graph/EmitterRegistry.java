package org.tgssalt.export.graph;

import ai.djl.nn.Block;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one map from block class to {@link BlockEmitter}. Adding a block type to the exporter means
 * writing its emitter and listing it in {@link #standard()}. Lookup is by exact class: a subclass
 * is not silently treated as its parent. Immutable and thread-safe.
 */
public final class EmitterRegistry {
    private final Map<Class<?>, Entry<?>> emitters;

    private EmitterRegistry(Map<Class<?>, Entry<?>> emitters) {
        this.emitters = Map.copyOf(emitters);
    }

    /** Every block type of the salt network (eval mode; the auxiliary head is training-only). */
    public static EmitterRegistry standard() {
        return of(List.of(
                new ConvolutionEmitter(),
                new ConvBnEmitter(),
                new BottleneckBlockEmitter(),
                new IdentityBlockEmitter(),
                new ResidualStageEmitter(),
                new ScSeEmitter(),
                new PyramidPoolingEmitter(),
                new GuidedUpsamplingEmitter(),
                new DecoderStageEmitter(),
                new ChannelDropoutEmitter(),
                new SaltNetEmitter()));
    }

    /**
     * A registry of the given emitters.
     *
     * @throws IllegalArgumentException when two emitters claim the same block type
     */
    public static EmitterRegistry of(List<BlockEmitter<?>> list) {
        Map<Class<?>, Entry<?>> map = new LinkedHashMap<>();
        for (BlockEmitter<?> emitter : list) {
            if (map.put(emitter.blockType(), entry(emitter)) != null) {
                throw new IllegalArgumentException("two emitters for block type " + emitter.blockType().getName());
            }
        }
        return new EmitterRegistry(map);
    }

    /** The block types this registry can emit. */
    public Set<Class<?>> blockTypes() {
        return emitters.keySet();
    }

    /**
     * The emitter for {@code block}'s exact class.
     *
     * @throws UnsupportedBlockException naming the block type and scope when there is none
     */
    Entry<?> emitterFor(Block block, String scope) {
        Entry<?> entry = emitters.get(block.getClass());
        if (entry == null) {
            throw new UnsupportedBlockException(block.getClass().getName(), scope.isEmpty() ? "model root" : scope);
        }
        return entry;
    }

    private static <B extends Block> Entry<B> entry(BlockEmitter<B> emitter) {
        return new Entry<>(emitter);
    }

    /** An emitter with the cast to its block type in one checked place. */
    record Entry<B extends Block>(BlockEmitter<B> emitter) {
        FeatureMap emitUnchecked(Emission emission, Block block, String scope, List<FeatureMap> inputs) {
            return emitter.emit(emission, emitter.blockType().cast(block), scope, inputs);
        }
    }
}

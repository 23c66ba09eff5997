package org.tgssalt.export.graph;

import ai.djl.nn.Block;
import java.util.Arrays;
import java.util.List;
import org.tgssalt.export.onnx.GraphBuilder;

/**
 * The state of one export: the graph under construction, the emitter registry and the options.
 * Emitters call {@link #emit} for their child blocks. Not thread-safe.
 */
public final class Emission {
    private final GraphBuilder graph;
    private final EmitterRegistry registry;
    private final ExportOptions options;

    /**
     * @param graph the graph the nodes go into
     * @param registry the block-type-to-emitter map
     * @param options how blocks are emitted
     */
    public Emission(GraphBuilder graph, EmitterRegistry registry, ExportOptions options) {
        this.graph = graph;
        this.registry = registry;
        this.options = options;
    }

    /** The graph under construction. */
    public GraphBuilder graph() {
        return graph;
    }

    /** The export options. */
    public ExportOptions options() {
        return options;
    }

    /**
     * Emits any registered block.
     *
     * @throws UnsupportedBlockException naming the block type when no emitter is registered
     */
    public FeatureMap emit(Block block, String scope, FeatureMap... inputs) {
        return registry.emitterFor(block, scope).emitUnchecked(this, block, scope, Arrays.asList(inputs));
    }

    /** Emits any registered block with a list of inputs. */
    public FeatureMap emit(Block block, String scope, List<FeatureMap> inputs) {
        return registry.emitterFor(block, scope).emitUnchecked(this, block, scope, inputs);
    }

    /** Joins a scope and a child name: {@code enc1} + {@code reduce} = {@code enc1/reduce}. */
    public static String child(String scope, String name) {
        return scope.isEmpty() ? name : scope + "/" + name;
    }
}

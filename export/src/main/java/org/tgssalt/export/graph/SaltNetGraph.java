package org.tgssalt.export.graph;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.Map;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.geometry.SymmetricPadding;
import org.tgssalt.train.model.SaltNet;

/**
 * The self-contained fold graph of a {@link SaltNet} (eval mode): {@value ImageFraming#INPUT}
 * {@code [N,1,101,101]} in [0,1] -> symmetric padding to 129 -> normalisation -> the network ->
 * softmax salt probability -> centre crop -> {@value ImageFraming#OUTPUT} {@code [N,1,101,101]}.
 *
 * <pre>{@code
 * ModelProto model = SaltNetGraph.build(net, "fold-3", ExportOptions.DEFAULT, Map.of("fold", "3"));
 * }</pre>
 */
public final class SaltNetGraph {
    private SaltNetGraph() {
    }

    /**
     * Builds the fold graph.
     *
     * @param net an initialised network for 129 x 129 inputs; only read
     * @param name the graph's name
     * @param options how blocks are emitted
     * @param metadata {@code metadata_props} entries
     * @throws UnsupportedBlockException when the network holds a block type without an emitter
     */
    public static ModelProto build(SaltNet net, String name, ExportOptions options, Map<String, String> metadata) {
        if (net.inputSize() != SymmetricPadding.PADDED_SIZE) {
            throw new IllegalArgumentException("fold graphs take " + SymmetricPadding.PADDED_SIZE + "x" + SymmetricPadding.PADDED_SIZE
                    + " network inputs, this network is laid out for " + net.inputSize());
        }
        GraphBuilder g = new GraphBuilder(name);
        String image = ImageFraming.declareInput(g);
        FeatureMap input = new FeatureMap(ImageFraming.networkInput(g, image), 1, SymmetricPadding.PADDED_SIZE,
                SymmetricPadding.PADDED_SIZE);
        FeatureMap probability = new Emission(g, EmitterRegistry.standard(), options).emit(net, "", input);
        ImageFraming.declareOutput(g, ImageFraming.crop(g, probability.name()));
        metadata.forEach(g::metadata);
        return g.build();
    }
}

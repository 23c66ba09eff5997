package org.tgssalt.export.importing;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tgssalt.export.graph.ImageFraming;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.geometry.ImageConvention;

/**
 * A foreign graph inside this project's framing: {@code image [batch,1,101,101]} -> the convention's padding
 * (or resize), channels and normalisation -> the foreign graph (cut to the chosen output, every name prefixed
 * with {@value #PREFIX}) -> the convention's activation and crop (or resize back) -> {@code salt_probability
 * [batch,1,101,101]}. The model imports the foreign graph's opsets (its nodes were written for them; the
 * framing is valid from opset 13 on).
 */
public final class WrappedGraph {
    /** Prepended to every node, tensor and initializer name of the foreign graph. */
    public static final String PREFIX = "net/";

    private WrappedGraph() {
    }

    /**
     * Builds the wrapped fold graph.
     *
     * @param foreign the checked foreign graph
     * @param convention the framing
     * @param batch {@link GraphBuilder#BATCH} for a dynamic batch, or 1
     * @param name the graph's name
     * @param metadata its {@code metadata_props}
     */
    public static ModelProto build(ForeignGraph foreign, ImageConvention convention, long batch, String name,
            Map<String, String> metadata) {
        GraphBuilder g = new GraphBuilder(name);
        List<OperatorSetIdProto> opsets = new ArrayList<>(foreign.model().getOpsetImportList());
        if (foreign.defaultOpset() < 0) {
            // A graph of other domains only: the framing's nodes still need the default one.
            opsets.add(OperatorSetIdProto.newBuilder().setDomain("").setVersion(GraphBuilder.OPSET).build());
        }
        g.useOpsets(opsets, foreign.model().getIrVersion());
        String image = ImageFraming.declareInput(g, batch);
        String input = ImageFraming.networkInput(g, image, convention);
        Map<String, String> outputs;
        try {
            outputs = g.embedForeign(foreign.pruned(), PREFIX, Map.of(foreign.input(), input));
        } catch (IllegalArgumentException e) {
            throw new org.tgssalt.InputException(foreign.file().toString(), e.getMessage(), e);
        }
        ImageFraming.declareOutput(g, ImageFraming.saltOutput(g, outputs.get(foreign.output()), convention), batch);
        metadata.forEach(g::metadata);
        return g.build();
    }
}

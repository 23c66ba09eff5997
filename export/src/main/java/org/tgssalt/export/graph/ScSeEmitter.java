package org.tgssalt.export.graph;

import java.util.List;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.onnx.OnnxOp;
import org.tgssalt.train.model.ScSe;

/**
 * {@link ScSe}: {@code x * sigmoid(excite(squeeze(GlobalAveragePool(x)))) + x * sigmoid(spatial(x))}.
 */
public final class ScSeEmitter implements BlockEmitter<ScSe> {
    @Override
    public Class<ScSe> blockType() {
        return ScSe.class;
    }

    @Override
    public FeatureMap emit(Emission emission, ScSe block, String scope, List<FeatureMap> inputs) {
        FeatureMap x = ConvolutionEmitter.single(scope, inputs);
        GraphBuilder g = emission.graph();
        FeatureMap pooled = new FeatureMap(g.op(OnnxOp.GLOBAL_AVERAGE_POOL, scope + "/pool", x.name()),
                x.channels(), 1, 1);
        FeatureMap squeezed = emission.emit(block.squeeze(), Emission.child(scope, "squeeze"), pooled);
        FeatureMap excited = emission.emit(block.excite(), Emission.child(scope, "excite"), squeezed);
        FeatureMap spatial = emission.emit(block.spatial(), Emission.child(scope, "spatial"), x);
        String channelGate = g.op(OnnxOp.SIGMOID, scope + "/channel_gate", excited.name());
        String spatialGate = g.op(OnnxOp.SIGMOID, scope + "/spatial_gate", spatial.name());
        String cse = g.op(OnnxOp.MUL, scope + "/cse", x.name(), channelGate);
        String sse = g.op(OnnxOp.MUL, scope + "/sse", x.name(), spatialGate);
        return x.renamed(g.op(OnnxOp.ADD, scope + "/out", cse, sse));
    }
}

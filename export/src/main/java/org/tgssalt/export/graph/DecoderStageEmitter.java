package org.tgssalt.export.graph;

import java.util.List;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.onnx.OnnxOp;
import org.tgssalt.export.onnx.OpAttributes;
import org.tgssalt.train.model.DecoderStage;

/**
 * {@link DecoderStage} (inputs skip, low[, guide]): resize low to the skip's size, Concat
 * [skip, up], the residual stage, Add the guide when given, then scSE when the stage has one.
 */
public final class DecoderStageEmitter implements BlockEmitter<DecoderStage> {
    @Override
    public Class<DecoderStage> blockType() {
        return DecoderStage.class;
    }

    @Override
    public FeatureMap emit(Emission emission, DecoderStage block, String scope, List<FeatureMap> inputs) {
        if (inputs.size() != 2 && inputs.size() != 3) {
            throw new IllegalArgumentException(scope + ": expected inputs (skip, low[, guide]), got " + inputs.size());
        }
        FeatureMap skip = inputs.get(0);
        FeatureMap low = inputs.get(1);
        GraphBuilder g = emission.graph();
        FeatureMap up = BilinearResizing.resize(g, Emission.child(scope, "upsample"), low, skip.height(), skip.width());
        String concat = g.op(OnnxOp.CONCAT, scope + "/concat", List.of(skip.name(), up.name()),
                OpAttributes.of().i("axis", 1));
        FeatureMap x = emission.emit(block.residual(), Emission.child(scope, "residual"),
                skip.withChannels(concat, skip.channels() + up.channels()));
        if (inputs.size() == 3) {
            FeatureMap guide = inputs.get(2);
            if (!guide.sizeText().equals(x.sizeText())) {
                throw new IllegalStateException(scope + ": guide " + guide.sizeText() + " does not match "
                        + x.sizeText());
            }
            x = x.renamed(g.op(OnnxOp.ADD, scope + "/add_guide", x.name(), guide.name()));
        }
        if (block.scse().isPresent()) {
            x = emission.emit(block.scse().get(), Emission.child(scope, "scse"), x);
        }
        return x;
    }
}

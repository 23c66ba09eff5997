package org.tgssalt.export.graph;

import java.util.List;
import org.tgssalt.train.model.IdentityBlock;
import org.tgssalt.train.model.ResidualStage;

/** {@link ResidualStage}: the bottleneck, then each identity block in order. */
public final class ResidualStageEmitter implements BlockEmitter<ResidualStage> {
    @Override
    public Class<ResidualStage> blockType() {
        return ResidualStage.class;
    }

    @Override
    public FeatureMap emit(Emission emission, ResidualStage block, String scope, List<FeatureMap> inputs) {
        FeatureMap x = emission.emit(block.bottleneck(), Emission.child(scope, "bottleneck"),
                ConvolutionEmitter.single(scope, inputs));
        int i = 1;
        for (IdentityBlock identity : block.identities()) {
            x = emission.emit(identity, Emission.child(scope, "identity" + i++), x);
        }
        return x;
    }
}

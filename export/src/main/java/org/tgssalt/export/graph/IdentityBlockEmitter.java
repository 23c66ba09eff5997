package org.tgssalt.export.graph;

import java.util.List;
import org.tgssalt.train.model.IdentityBlock;

/** {@link IdentityBlock}: {@code Relu(x + expand(conv(reduce(x))))}. */
public final class IdentityBlockEmitter implements BlockEmitter<IdentityBlock> {
    @Override
    public Class<IdentityBlock> blockType() {
        return IdentityBlock.class;
    }

    @Override
    public FeatureMap emit(Emission emission, IdentityBlock block, String scope, List<FeatureMap> inputs) {
        FeatureMap x = ConvolutionEmitter.single(scope, inputs);
        FeatureMap reduced = emission.emit(block.reduce(), Emission.child(scope, "reduce"), x);
        FeatureMap convolved = emission.emit(block.conv(), Emission.child(scope, "conv"), reduced);
        FeatureMap expanded = emission.emit(block.expand(), Emission.child(scope, "expand"), convolved);
        return BottleneckBlockEmitter.residualSum(emission.graph(), scope, expanded, x);
    }
}

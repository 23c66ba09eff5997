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
        FeatureMap expanded = BottleneckBlockEmitter.branch(emission, scope, block.reduce(), block.conv(),
                block.expand(), x);
        return BottleneckBlockEmitter.residualSum(emission.graph(), scope, expanded, x);
    }
}

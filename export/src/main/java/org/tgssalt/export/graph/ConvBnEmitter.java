package org.tgssalt.export.graph;

import java.util.List;
import org.tgssalt.train.model.ConvBn;
import org.tgssalt.train.model.ConvSpec;

/** {@link ConvBn}: Conv (batch norm folded, or Conv + BatchNormalization) and Relu when the block has one. */
public final class ConvBnEmitter implements BlockEmitter<ConvBn> {
    @Override
    public Class<ConvBn> blockType() {
        return ConvBn.class;
    }

    @Override
    public FeatureMap emit(Emission emission, ConvBn block, String scope, List<FeatureMap> inputs) {
        FeatureMap x = ConvolutionEmitter.single(scope, inputs);
        ConvSpec spec = block.spec();
        if (x.channels() != spec.in()) {
            throw new IllegalStateException(scope + ": ConvBn " + spec + " got input " + x.name() + " " + x.sizeText());
        }
        return ConvolutionEmitter.emit(emission, ConvolutionLayer.of(block),
                scope, x);
    }
}

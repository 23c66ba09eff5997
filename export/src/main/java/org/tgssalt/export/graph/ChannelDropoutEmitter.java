package org.tgssalt.export.graph;

import java.util.List;
import org.tgssalt.train.model.ChannelDropout;

/** {@link ChannelDropout}: the identity in eval mode, so no node at all. */
public final class ChannelDropoutEmitter implements BlockEmitter<ChannelDropout> {
    @Override
    public Class<ChannelDropout> blockType() {
        return ChannelDropout.class;
    }

    @Override
    public FeatureMap emit(Emission emission, ChannelDropout block, String scope, List<FeatureMap> inputs) {
        return ConvolutionEmitter.single(scope, inputs);
    }
}

package org.tgssalt.export.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tgssalt.train.model.SaltNet;
import org.tgssalt.train.model.ScSe;

/**
 * {@link SaltNet} in eval mode, the same data flow as its forward: stem, encoder stages (each with
 * its scSE when present), dilated stages, pyramid pooling, bridge, decoder stages with the guided
 * upsampling added in the last, the classifier, then the softmax salt probability (channel 1),
 * {@code [N,1,S,S]}. The auxiliary head is training-only and is not emitted.
 */
public final class SaltNetEmitter implements BlockEmitter<SaltNet> {
    @Override
    public Class<SaltNet> blockType() {
        return SaltNet.class;
    }

    @Override
    public FeatureMap emit(Emission e, SaltNet net, String scope, List<FeatureMap> inputs) {
        FeatureMap logits = logits(e, net, scope, ConvolutionEmitter.single(scope, inputs));
        return new FeatureMap(ImageFraming.saltProbability(e.graph(), logits.name()), 1, logits.height(),
                logits.width());
    }

    /**
     * The network's 2-channel logits {@code [N,2,S,S]} (no softmax): the whole eval forward but the head, e.g.
     * to build a graph shaped like a foreign export of the same network.
     */
    public FeatureMap logits(Emission e, SaltNet net, String scope, FeatureMap image) {
        if (image.channels() != 1 || image.height() != net.inputSize() || image.width() != net.inputSize()) {
            throw new IllegalStateException(scope + ": SaltNet expects [1," + net.inputSize() + ","
                    + net.inputSize() + "], got " + image.sizeText());
        }
        FeatureMap x0 = e.emit(net.stem(), Emission.child(scope, "stem"), image);
        FeatureMap x1 = withScse(e, net.enc1Scse(), Emission.child(scope, "enc1Scse"),
                e.emit(net.enc1(), Emission.child(scope, "enc1"), x0));
        FeatureMap x2 = withScse(e, net.enc2Scse(), Emission.child(scope, "enc2Scse"),
                e.emit(net.enc2(), Emission.child(scope, "enc2"), x1));
        FeatureMap x3 = withScse(e, net.enc3Scse(), Emission.child(scope, "enc3Scse"),
                e.emit(net.enc3(), Emission.child(scope, "enc3"), x2));
        FeatureMap deep = e.emit(net.enc5(), Emission.child(scope, "enc5"),
                e.emit(net.enc4(), Emission.child(scope, "enc4"), x3));
        FeatureMap p = e.emit(net.bridge(), Emission.child(scope, "bridge"),
                e.emit(net.pyramid(), Emission.child(scope, "pyramid"), deep));
        FeatureMap p2 = withScse(e, net.bridgeScse(), Emission.child(scope, "bridgeScse"), p);
        FeatureMap d1 = e.emit(net.dec1(), Emission.child(scope, "dec1"), x2, p2);
        FeatureMap d2 = e.emit(net.dec2(), Emission.child(scope, "dec2"), x1, d1);
        List<FeatureMap> d3Inputs = new ArrayList<>(List.of(x0, d2));
        if (net.gum().isPresent()) {
            d3Inputs.add(e.emit(net.gum().get(), Emission.child(scope, "gum"), x0, p));
        }
        FeatureMap d3 = e.emit(net.dec3(), Emission.child(scope, "dec3"), d3Inputs);
        FeatureMap logits = e.emit(net.classifier(), Emission.child(scope, "classifier"),
                e.emit(net.dropout(), Emission.child(scope, "dropout"), d3));
        if (logits.channels() != 2) {
            throw new IllegalStateException(scope + ": the salt probability needs 2 logit channels, got "
                    + logits.channels());
        }
        return logits;
    }

    private static FeatureMap withScse(Emission e, Optional<ScSe> scse, String scope, FeatureMap x) {
        return scse.isPresent() ? e.emit(scse.get(), scope, x) : x;
    }
}

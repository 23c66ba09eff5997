package org.tgssalt.export.graph;

import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import org.tgssalt.train.model.ConvBn;

/**
 * A convolution and what follows it in one layer: an eval-mode batch norm (or none) and a ReLU (or none).
 * {@link ConvolutionEmitter#emit(Emission, ConvolutionLayer, String, FeatureMap)} emits it.
 *
 * @param conv the convolution
 * @param batchNorm the batch norm after it, or null
 * @param relu whether a ReLU follows
 */
record ConvolutionLayer(Conv2d conv, BatchNorm batchNorm, boolean relu) {
    ConvolutionLayer {
        if (conv == null) {
            throw new IllegalArgumentException("a convolution layer needs its convolution");
        }
    }

    /** A {@link ConvBn}'s convolution, batch norm and ReLU. */
    static ConvolutionLayer of(ConvBn block) {
        return new ConvolutionLayer(block.conv(), block.batchNorm(), block.relu());
    }

    /** The convolution alone (a classifier, or a bare {@link Conv2d} block). */
    static ConvolutionLayer plain(Conv2d conv) {
        return new ConvolutionLayer(conv, null, false);
    }

    /** True when a batch norm follows the convolution. */
    boolean hasBatchNorm() {
        return batchNorm != null;
    }
}

package org.tgssalt.export.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.convolutional.Conv2d;

/**
 * A convolution's weights as they go into the graph: the weight tensor (shape [out, in / groups, kh, kw],
 * row-major) and the bias (null when the convolution has none), read from a DJL {@link Conv2d} and checked
 * against its input.
 *
 * @param weight the weight values
 * @param shape the weight shape
 * @param bias one value per output channel, or null
 */
record ConvolutionWeights(float[] weight, long[] shape, float[] bias) {
    /**
     * Reads {@code conv}'s weights.
     *
     * @throws IllegalStateException naming {@code scope} when the weight is not 4-D or does not fit {@code x}
     */
    static ConvolutionWeights of(Conv2d conv, String scope, FeatureMap x) {
        NDArray weightArray = ConvolutionEmitter.parameter(conv, "weight", scope);
        long[] shape = weightArray.getShape().getShape();
        if (shape.length != 4) {
            throw new IllegalStateException(scope + ": expected a 4-D convolution weight, got shape "
                    + weightArray.getShape());
        }
        int groups = conv.getGroups();
        if (shape[1] * groups != x.channels()) {
            throw new IllegalStateException(scope + ": convolution expects " + shape[1] * groups
                    + " input channels, the input " + x.name() + " has " + x.sizeText());
        }
        float[] bias = conv.isIncludeBias() ? ConvolutionEmitter.parameter(conv, "bias", scope).toFloatArray() : null;
        return new ConvolutionWeights(weightArray.toFloatArray(), shape, bias);
    }

    /** Output channels. */
    int out() {
        return (int) shape[0];
    }
}

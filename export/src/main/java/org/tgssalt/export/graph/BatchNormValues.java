package org.tgssalt.export.graph;

import ai.djl.nn.norm.BatchNorm;
import java.lang.reflect.Field;

/**
 * A batch norm's eval-mode values, either folded into the convolution before it ({@link #foldInto}) or
 * emitted as a BatchNormalization node.
 *
 * @param gamma scale per channel
 * @param beta shift per channel
 * @param mean running mean per channel
 * @param variance running variance per channel
 * @param epsilon added to the variance
 */
record BatchNormValues(float[] gamma, float[] beta, float[] mean, float[] variance, float epsilon) {
    /** DJL's default batch-norm epsilon, used if the block's own value cannot be read. */
    private static final float DEFAULT_EPSILON = 1e-5f;

    /**
     * Reads {@code bn}'s values.
     *
     * @throws IllegalStateException naming {@code scope} when its channels are not {@code channels}
     */
    static BatchNormValues of(BatchNorm bn, String scope, int channels) {
        BatchNormValues v = new BatchNormValues(ConvolutionEmitter.parameter(bn, "gamma", scope).toFloatArray(),
                ConvolutionEmitter.parameter(bn, "beta", scope).toFloatArray(),
                ConvolutionEmitter.parameter(bn, "runningMean", scope).toFloatArray(),
                ConvolutionEmitter.parameter(bn, "runningVar", scope).toFloatArray(), epsilon(bn));
        if (v.gamma.length != channels || v.mean.length != channels) {
            throw new IllegalStateException(scope + ": batch norm has " + v.gamma.length
                    + " channels, the convolution gives " + channels);
        }
        return v;
    }

    /**
     * The convolution that computes this batch norm of {@code conv}'s output: each output channel's weights
     * scaled by gamma / sqrt(variance + epsilon), the bias (b - mean) * scale + beta. Computed in double,
     * stored as float. {@code conv}'s weight array is updated in place.
     */
    ConvolutionWeights foldInto(ConvolutionWeights conv) {
        int out = conv.out();
        float[] weight = conv.weight();
        float[] bias = conv.bias();
        float[] folded = new float[out];
        int perOut = weight.length / out;
        for (int o = 0; o < out; o++) {
            double scale = gamma[o] / Math.sqrt((double) variance[o] + epsilon);
            for (int k = 0; k < perOut; k++) {
                weight[o * perOut + k] = (float) (weight[o * perOut + k] * scale);
            }
            double b = bias == null ? 0 : bias[o];
            folded[o] = (float) ((b - mean[o]) * scale + beta[o]);
        }
        return new ConvolutionWeights(weight, conv.shape(), folded);
    }

    /** DJL's BatchNorm has no epsilon getter; read the field so a non-default value is honoured. */
    private static float epsilon(BatchNorm bn) {
        try {
            Field f = BatchNorm.class.getDeclaredField("epsilon");
            f.setAccessible(true);
            return f.getFloat(bn);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return DEFAULT_EPSILON;
        }
    }
}

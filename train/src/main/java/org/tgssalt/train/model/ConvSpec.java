package org.tgssalt.train.model;

/**
 * Geometry of one square 2-d convolution: channels in and out, kernel size, stride, zero padding
 * and dilation (the same in both spatial directions).
 */
public record ConvSpec(int in, int out, int kernel, int stride, int padding, int dilation) {
    public ConvSpec {
        if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0 || dilation < 1) {
            throw new IllegalArgumentException("invalid convolution " + in + "->" + out + " kernel " + kernel
                    + " stride " + stride + " padding " + padding + " dilation " + dilation);
        }
    }

    /** A 1x1 convolution with stride 1. */
    public static ConvSpec pointwise(int in, int out) {
        return new ConvSpec(in, out, 1, 1, 0, 1);
    }

    /** A 1x1 convolution with the given stride (residual shortcuts). */
    public static ConvSpec pointwise(int in, int out, int stride) {
        return new ConvSpec(in, out, 1, stride, 0, 1);
    }

    /** A 3x3 convolution whose padding equals its dilation, so stride 1 keeps the spatial size. */
    public static ConvSpec threeByThree(int in, int out, int stride, int dilation) {
        return new ConvSpec(in, out, 3, stride, dilation, dilation);
    }

    /** Output side length for an input side length {@code size}. */
    public long outputSize(long size) {
        return (size + 2L * padding - (long) dilation * (kernel - 1) - 1) / stride + 1;
    }

    /** Number of weights (no bias). */
    public long weightCount() {
        return (long) in * out * kernel * kernel;
    }
}

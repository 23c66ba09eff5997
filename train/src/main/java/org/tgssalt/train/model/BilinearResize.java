package org.tgssalt.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Bilinear resizing of NCHW maps with align_corners=True semantics, as two matrix products:
 * {@code y = A_h · x · A_wᵀ} where row i of {@code A} holds the two interpolation weights of
 * output position i. Exact, differentiable through ordinary autograd, and free of the
 * antialiasing that DJL's native interpolate switches on.
 */
public final class BilinearResize {
    private BilinearResize() {
    }

    /**
     * Resizes the last two axes of {@code x} ([N, C, H, W], any float type) to {@code height} x
     * {@code width}. The result lives on the manager and device of {@code x}.
     */
    public static NDArray resize(NDArray x, int height, int width) {
        Shape shape = x.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("resize expects an NCHW array, got shape " + shape);
        }
        int inHeight = Math.toIntExact(shape.get(2));
        int inWidth = Math.toIntExact(shape.get(3));
        NDArray y = x;
        if (width != inWidth) {
            NDArray columnsT = x.getManager()
                    .create(weights(width, inWidth), new Shape(width, inWidth))
                    .toDevice(x.getDevice(), false)
                    .toType(x.getDataType(), false)
                    .transpose();
            y = y.matMul(columnsT);
        }
        if (height != inHeight) {
            NDArray rows = x.getManager()
                    .create(weights(height, inHeight), new Shape(height, inHeight))
                    .toDevice(x.getDevice(), false)
                    .toType(x.getDataType(), false);
            y = rows.matMul(y);
        }
        return y;
    }

    /**
     * The interpolation matrix from {@code in} samples to {@code out} samples, row-major
     * [out, in]: output i sits at source coordinate i * (in - 1) / (out - 1) (0 when out is 1).
     */
    public static float[] weights(int out, int in) {
        if (out < 1 || in < 1) {
            throw new IllegalArgumentException("sizes must be positive, got " + in + " -> " + out);
        }
        float[] matrix = new float[out * in];
        for (int i = 0; i < out; i++) {
            double source = out == 1 ? 0.0 : (double) i * (in - 1) / (out - 1);
            int lower = Math.min((int) Math.floor(source), in - 1);
            int upper = Math.min(lower + 1, in - 1);
            double fraction = source - lower;
            matrix[i * in + lower] += (float) (1.0 - fraction);
            matrix[i * in + upper] += (float) fraction;
        }
        return matrix;
    }
}

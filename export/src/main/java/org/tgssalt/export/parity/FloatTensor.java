package org.tgssalt.export.parity;

import java.util.Arrays;

/**
 * A float32 tensor as plain Java data: its shape and row-major values. The record owns the arrays;
 * callers must not modify them after construction.
 */
public record FloatTensor(long[] shape, float[] values) {
    public FloatTensor {
        long product = 1;
        for (long d : shape) {
            product *= d;
        }
        if (product != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + product
                    + " values, got " + values.length);
        }
    }

    /** Largest absolute element-wise difference; the shapes must be equal. */
    public double maxAbsDifference(FloatTensor other) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException("shapes differ: " + Arrays.toString(shape) + " vs "
                    + Arrays.toString(other.shape));
        }
        double max = 0;
        for (int i = 0; i < values.length; i++) {
            double d = Math.abs((double) values[i] - other.values[i]);
            if (!(d <= max)) {
                max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
            }
        }
        return max;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(t.shape, shape) && Arrays.equals(t.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}

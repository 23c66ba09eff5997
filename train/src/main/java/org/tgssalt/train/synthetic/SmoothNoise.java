package org.tgssalt.train.synthetic;

import java.util.Random;

/** Gaussian noise smoothed by repeated box blurs and scaled to unit standard deviation. */
final class SmoothNoise {
    private SmoothNoise() {}

    /**
     * A {@code size x size} row-major field.
     *
     * @param radius box radius of the two blur passes (0 for white noise)
     */
    static double[] field(Random random, int size, int radius) {
        double[] f = new double[size * size];
        for (int i = 0; i < f.length; i++) {
            f[i] = random.nextGaussian();
        }
        for (int pass = 0; pass < 2 && radius > 0; pass++) {
            f = blur(f, size, radius, true);
            f = blur(f, size, radius, false);
        }
        double sum = 0;
        double squares = 0;
        for (double v : f) {
            sum += v;
            squares += v * v;
        }
        double mean = sum / f.length;
        double sd = StrictMath.sqrt(StrictMath.max(1e-12, squares / f.length - mean * mean));
        for (int i = 0; i < f.length; i++) {
            f[i] = (f[i] - mean) / sd;
        }
        return f;
    }

    /** One box blur along rows or columns, clamping at the edges. */
    private static double[] blur(double[] f, int size, int radius, boolean horizontal) {
        double[] out = new double[f.length];
        for (int a = 0; a < size; a++) {
            for (int b = 0; b < size; b++) {
                double sum = 0;
                for (int d = -radius; d <= radius; d++) {
                    int c = Math.max(0, Math.min(size - 1, b + d));
                    sum += horizontal ? f[a * size + c] : f[c * size + a];
                }
                out[horizontal ? a * size + b : b * size + a] = sum / (2 * radius + 1);
            }
        }
        return out;
    }
}

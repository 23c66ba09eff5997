package org.tgssalt.geometry;

/**
 * The network's input normalisation, exactly as the reference: {@code (pixel8 - 123.03) / 255},
 * where {@code pixel8 = 255 * p} is the 8-bit level of a pixel {@code p} in [0, 1]. Computed in
 * double and rounded once to float. The ONNX graphs apply the same formula inside, using
 * {@link #MEAN_LEVEL} and {@link #SCALE}.
 */
public final class PixelNormalization {
    /** The mean subtracted, in 8-bit levels. */
    public static final double MEAN_LEVEL = 123.03;
    /** The divisor, and the factor from [0, 1] to 8-bit levels. */
    public static final double SCALE = 255.0;

    private PixelNormalization() {}

    /** Normalises one pixel {@code p} in [0, 1]. */
    public static float normalize(float p) {
        return normalize(p, MEAN_LEVEL, SCALE);
    }

    /**
     * Any network's normalisation of this form: {@code (255 p - meanLevel) / scale}, computed in double and
     * rounded once (an imported graph's convention; {@link #normalize(float)} is the reference's).
     */
    public static float normalize(float p, double meanLevel, double scale) {
        return (float) ((SCALE * p - meanLevel) / scale);
    }

    /** Normalises an 8-bit level. */
    public static float normalizeLevel(int level) {
        return (float) ((level - MEAN_LEVEL) / SCALE);
    }

    /** A new array with every pixel normalised. */
    public static float[] normalize(float[] pixels) {
        float[] out = pixels.clone();
        normalizeInPlace(out, 0, out.length);
        return out;
    }

    /** Normalises {@code length} values from {@code from} in place (e.g. one slot of a batch). */
    public static void normalizeInPlace(float[] pixels, int from, int length) {
        for (int i = from; i < from + length; i++) {
            pixels[i] = normalize(pixels[i]);
        }
    }
}

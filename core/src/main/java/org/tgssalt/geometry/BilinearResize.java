package org.tgssalt.geometry;

/**
 * Bilinear resizing of a square row-major map with half-pixel centres: output pixel {@code i} samples the
 * source at {@code (i + 0.5) * in / out - 0.5}, clamped to the first and last pixel; no antialiasing. This
 * is OpenCV's {@code INTER_LINEAR}, PyTorch's {@code interpolate(mode="bilinear", align_corners=False)} and
 * ONNX Resize {@code linear} with {@code half_pixel}, which the import's graphs use.
 */
public final class BilinearResize {
    private BilinearResize() {
    }

    /** {@code src} ({@code in x in}) resized to {@code out x out}; returns a new array. */
    public static float[] resize(float[] src, int in, int out) {
        if (in <= 0 || out <= 0 || src.length < in * in) {
            throw new IllegalArgumentException("cannot resize " + src.length + " values as " + in + "x" + in
                    + " to " + out + "x" + out);
        }
        int[] low = new int[out];
        int[] high = new int[out];
        double[] weight = new double[out];
        double ratio = (double) in / out;
        for (int i = 0; i < out; i++) {
            double x = Math.max(0, Math.min(in - 1, (i + 0.5) * ratio - 0.5));
            low[i] = (int) Math.floor(x);
            high[i] = Math.min(low[i] + 1, in - 1);
            weight[i] = x - low[i];
        }
        float[] dst = new float[out * out];
        for (int y = 0; y < out; y++) {
            int r0 = low[y] * in;
            int r1 = high[y] * in;
            double wy = weight[y];
            for (int x = 0; x < out; x++) {
                double wx = weight[x];
                double top = src[r0 + low[x]] * (1 - wx) + src[r0 + high[x]] * wx;
                double bottom = src[r1 + low[x]] * (1 - wx) + src[r1 + high[x]] * wx;
                dst[y * out + x] = (float) (top * (1 - wy) + bottom * wy);
            }
        }
        return dst;
    }
}

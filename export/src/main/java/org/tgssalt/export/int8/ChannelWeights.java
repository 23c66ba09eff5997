package org.tgssalt.export.int8;

/**
 * A convolution's weights quantised symmetrically per output channel: channel c's scale is
 * {@code max|w_c| / levels} and each weight is stored as {@code clamp(round(w / scale_c), -levels, levels)}
 * with zero point 0, so a weight errs by at most {@code scale_c / 2}. The bias is stored in int32 with
 * scale {@code inputScale * scale_c}, the scale of the integer accumulator, so that the integer convolution
 * adds it exactly as ONNX Runtime's QLinearConv expects.
 *
 * @param values the int8 weights, row-major in the float weight's shape
 * @param scales one scale per output channel
 * @param levels 127 (8-bit weights) or 63 (7-bit weights, for CPUs without VNNI)
 */
public record ChannelWeights(byte[] values, float[] scales, int levels) {
    /** 8-bit weights: [-127, 127]. */
    public static final int FULL_LEVELS = 127;
    /** 7-bit weights: [-63, 63]; the u8 x s8 products of two neighbours then fit int16 without saturating. */
    public static final int REDUCED_LEVELS = 63;

    /**
     * Quantises {@code weight}, whose first dimension is the output channel.
     *
     * @param weight row-major float weights, {@code channels * perChannel} values
     * @param channels output channels
     * @param levels {@link #FULL_LEVELS} or {@link #REDUCED_LEVELS}
     */
    public static ChannelWeights of(float[] weight, int channels, int levels) {
        if (channels <= 0 || weight.length % channels != 0) {
            throw new IllegalArgumentException(weight.length + " weights do not split into " + channels + " channels");
        }
        int per = weight.length / channels;
        byte[] q = new byte[weight.length];
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            float largest = 0;
            for (int i = c * per; i < (c + 1) * per; i++) {
                largest = Math.max(largest, Math.abs(weight[i]));
            }
            // An all-zero channel is exact under any scale; 1 keeps the scale positive as ONNX requires.
            float scale = largest > 0 ? largest / levels : 1f;
            scales[c] = scale;
            for (int i = c * per; i < (c + 1) * per; i++) {
                q[i] = (byte) Math.max(-levels, Math.min(levels, Math.round(weight[i] / scale)));
            }
        }
        return new ChannelWeights(q, scales, levels);
    }

    /**
     * The bias in int32 at the accumulator's scale {@code inputScale * scales[c]}.
     *
     * @throws IllegalStateException naming {@code where} when a bias does not fit in int32
     */
    public int[] bias(float[] bias, float inputScale, String where) {
        if (bias.length != scales.length) {
            throw new IllegalArgumentException(where + ": " + bias.length + " biases for " + scales.length
                    + " channels");
        }
        int[] q = new int[bias.length];
        for (int c = 0; c < bias.length; c++) {
            double v = Math.rint(bias[c] / ((double) inputScale * scales[c]));
            if (Math.abs(v) > Integer.MAX_VALUE) {
                throw new IllegalStateException(where + ": bias " + bias[c] + " of channel " + c
                        + " overflows int32 at scale " + (double) inputScale * scales[c]);
            }
            q[c] = (int) v;
        }
        return q;
    }

    /** The bias scales {@code inputScale * scales[c]}, as the DequantizeLinear of the int32 bias uses them. */
    public float[] biasScales(float inputScale) {
        float[] s = new float[scales.length];
        for (int c = 0; c < s.length; c++) {
            s[c] = inputScale * scales[c];
        }
        return s;
    }
}

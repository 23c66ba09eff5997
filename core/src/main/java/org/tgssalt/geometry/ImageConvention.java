package org.tgssalt.geometry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tgssalt.image.KaggleImage;

/**
 * What a network expects around it: how the 101x101 image in [0, 1] becomes its input (a square of
 * {@code inputSize}, padded or resized; {@code channels} copies of the gray image; each channel normalised
 * as {@code (255 p - mean) / scale}) and how its output becomes the 101x101 salt probability (an
 * {@link OutputActivation}, then the padded border cropped off, or the map resized back). The exporter's
 * graphs use {@link #REFERENCE}; {@code import} takes the user's. This class is the Java implementation of
 * the convention (for parity checks); export's {@code ImageFraming} emits the same steps as ONNX nodes.
 *
 * <pre>{@code
 * ImageConvention c = new ImageConvention(128, PaddingMode.REFLECT, List.of(123.675, 116.28, 103.53),
 *         List.of(58.395, 57.12, 57.375), 3, OutputActivation.parse("sigmoid"));
 * float[] input = c.networkInput(image);               // 3 * 128 * 128 values, CHW
 * float[] probability = c.probability(output, 1);      // 101 * 101 values
 * }</pre>
 *
 * @param inputSize the network input's side; at least 101 unless resizing
 * @param padding how the image reaches that side
 * @param mean per-channel mean in 8-bit levels (one value is used for every channel)
 * @param scale per-channel divisor (one value is used for every channel); not 0
 * @param channels 1, or 3 with the gray image repeated
 * @param activation how the output becomes a probability
 */
public record ImageConvention(int inputSize, PaddingMode padding, List<Double> mean, List<Double> scale,
        int channels, OutputActivation activation) {
    private static final int SIDE = KaggleImage.SIDE;

    /** The reference network's (and this project's exporter's): 129, symmetric, (255 p - 123.03) / 255, 1 channel, softmax:1. */
    public static final ImageConvention REFERENCE = new ImageConvention(SymmetricPadding.PADDED_SIZE,
            PaddingMode.SYMMETRIC, List.of(PixelNormalization.MEAN_LEVEL), List.of(PixelNormalization.SCALE), 1,
            OutputActivation.SOFTMAX_SALT);

    public ImageConvention {
        if (padding == null || activation == null) {
            throw new IllegalArgumentException("a convention needs a padding mode and an output activation");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (padding == PaddingMode.RESIZE ? inputSize < 2 : inputSize < SIDE) {
            throw new IllegalArgumentException("input size " + inputSize + " is smaller than the " + SIDE
                    + "x" + SIDE + " image; only --padding resize can shrink it");
        }
        mean = perChannel("mean", mean, channels);
        scale = perChannel("scale", scale, channels);
        for (double s : scale) {
            if (s == 0 || !Double.isFinite(s)) {
                throw new IllegalArgumentException("scale must be a finite non-zero number, got " + s);
            }
        }
        if (padding != PaddingMode.RESIZE) {
            new BorderPadding(padding, (inputSize - SIDE) / 2, inputSize - SIDE - (inputSize - SIDE) / 2).pad(
                    new float[SIDE * SIDE], SIDE); // checks the borders fit the mode
        }
    }

    private static List<Double> perChannel(String what, List<Double> values, int channels) {
        if (values == null || (values.size() != 1 && values.size() != channels)) {
            throw new IllegalArgumentException(what + " needs 1 or " + channels + " values, got "
                    + (values == null ? 0 : values.size()));
        }
        for (Double v : values) {
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException(what + " values must be finite numbers, got " + values);
            }
        }
        return List.copyOf(values);
    }

    /** The mean of channel {@code c}. */
    public double meanOf(int c) {
        return mean.size() == 1 ? mean.get(0) : mean.get(c);
    }

    /** The scale of channel {@code c}. */
    public double scaleOf(int c) {
        return scale.size() == 1 ? scale.get(0) : scale.get(c);
    }

    /** The border added above and to the left (0 when resizing). */
    public int borderBefore() {
        return padding == PaddingMode.RESIZE ? 0 : (inputSize - SIDE) / 2;
    }

    /** The border added below and to the right (0 when resizing); one more than {@link #borderBefore()} for an even input size. */
    public int borderAfter() {
        return padding == PaddingMode.RESIZE ? 0 : inputSize - SIDE - borderBefore();
    }

    /** The border rule as a {@link BorderPadding}; not for {@link PaddingMode#RESIZE}. */
    public BorderPadding border() {
        return new BorderPadding(padding, borderBefore(), borderAfter());
    }

    /**
     * The network input for one 101x101 image: {@code channels x inputSize x inputSize} values, CHW.
     *
     * @param image row-major 101x101 values in [0, 1]
     */
    public float[] networkInput(float[] image) {
        if (image.length != SIDE * SIDE) {
            throw new IllegalArgumentException("expected " + SIDE + "x" + SIDE + " values, got " + image.length);
        }
        float[] framed = padding == PaddingMode.RESIZE ? BilinearResize.resize(image, SIDE, inputSize)
                : border().pad(image, SIDE);
        int plane = inputSize * inputSize;
        float[] input = new float[channels * plane];
        for (int c = 0; c < channels; c++) {
            double m = meanOf(c);
            double s = scaleOf(c);
            for (int i = 0; i < plane; i++) {
                input[c * plane + i] = PixelNormalization.normalize(framed[i], m, s);
            }
        }
        return input;
    }

    /**
     * The 101x101 salt probability from one image's network output.
     *
     * @param output {@code outputChannels x inputSize x inputSize} values, CHW
     * @param outputChannels the output's channel count
     */
    public float[] probability(float[] output, int outputChannels) {
        float[] p = activation.apply(output, outputChannels, inputSize * inputSize);
        return padding == PaddingMode.RESIZE ? BilinearResize.resize(p, inputSize, SIDE) : border().crop(p, inputSize);
    }

    /** The convention as text entries, for graph metadata and manifest provenance. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("inputSize", Integer.toString(inputSize));
        m.put("padding", padding.word());
        m.put("mean", numbers(mean));
        m.put("scale", numbers(scale));
        m.put("channels", Integer.toString(channels));
        m.put("activation", activation.word());
        return m;
    }

    private static String numbers(List<Double> values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%s", v));
        }
        return b.toString();
    }
}

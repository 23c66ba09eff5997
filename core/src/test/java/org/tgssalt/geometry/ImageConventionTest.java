package org.tgssalt.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Java convention: the reference's equals the existing padding and normalisation; other conventions by hand. */
class ImageConventionTest {
    private static float[] image(long seed) {
        float[] p = new float[101 * 101];
        Random random = new Random(seed);
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextInt(256) / 255f;
        }
        return p;
    }

    @Test
    void referenceEqualsSymmetricPaddingThenPixelNormalization() {
        float[] image = image(1);
        float[] expected = PixelNormalization.normalize(SymmetricPadding.KAGGLE.pad(image, 101, 101));
        assertArrayEquals(expected, ImageConvention.REFERENCE.networkInput(image));
        assertEquals(14, ImageConvention.REFERENCE.borderBefore());
        assertEquals(14, ImageConvention.REFERENCE.borderAfter());
    }

    @Test
    void threeChannelsRepeatTheImageWithTheirOwnNormalisation() {
        ImageConvention c = new ImageConvention(128, PaddingMode.ZERO, List.of(10.0, 20.0, 30.0),
                List.of(2.0, 4.0, 8.0), 3, OutputActivation.parse("sigmoid"));
        assertEquals(13, c.borderBefore());
        assertEquals(14, c.borderAfter());
        float[] image = image(2);
        float[] input = c.networkInput(image);
        assertEquals(3 * 128 * 128, input.length);
        int plane = 128 * 128;
        // pixel (0,0) of the image sits at (13,13); the zero border stays 0 before normalisation
        for (int ch = 0; ch < 3; ch++) {
            double mean = 10.0 * (ch + 1);
            double scale = Math.pow(2, ch + 1);
            assertEquals((float) ((255.0 * image[0] - mean) / scale), input[ch * plane + 13 * 128 + 13]);
            assertEquals((float) (-mean / scale), input[ch * plane]);
        }
    }

    @Test
    void softmaxSigmoidAndProbabilityHeads() {
        int pixels = 2;
        float[] twoClass = {0f, 3f, 1f, -1f}; // channel 0 then channel 1
        float[] p = OutputActivation.parse("softmax:1").apply(twoClass, 2, pixels);
        assertEquals(1 / (1 + Math.exp(-1)), p[0], 1e-6); // l0 = 0, l1 = 1: 1 / (1 + e^(l0 - l1))
        assertEquals(1 / (1 + Math.exp(4)), p[1], 1e-6);
        float[] s = OutputActivation.parse("sigmoid").apply(new float[] {0f, 2f}, 1, pixels);
        assertEquals(0.5, s[0], 1e-7);
        assertEquals(1 / (1 + Math.exp(-2)), s[1], 1e-6);
        assertArrayEquals(new float[] {0.2f, 0.7f}, OutputActivation.parse("probability").apply(new float[] {0.2f, 0.7f}, 1, 2));
    }

    @Test
    void probabilityCropsOrResizesBack() {
        float[] output = new float[129 * 129];
        for (int i = 0; i < output.length; i++) {
            output[i] = i;
        }
        ImageConvention probability = new ImageConvention(129, PaddingMode.REFLECT, List.of(0.0), List.of(1.0), 1,
                OutputActivation.parse("probability"));
        float[] cropped = probability.probability(output, 1);
        assertEquals(14 * 129 + 14, cropped[0]);
        ImageConvention resized = new ImageConvention(101, PaddingMode.RESIZE, List.of(0.0), List.of(1.0), 1,
                OutputActivation.parse("probability"));
        float[] same = image(5);
        assertArrayEquals(same, resized.probability(same, 1));
    }

    @Test
    void refusals() {
        assertEquals("unknown output activation 'softmax', expected softmax:C (C the salt channel, e.g. softmax:1), "
                + "sigmoid or probability", assertThrows(IllegalArgumentException.class,
                        () -> OutputActivation.parse("softmax")).getMessage());
        assertEquals("unknown padding 'mirror', expected one of symmetric, reflect, edge, zero, resize",
                assertThrows(IllegalArgumentException.class, () -> PaddingMode.parse("mirror")).getMessage());
        assertEquals("mean needs 1 or 3 values, got 2", assertThrows(IllegalArgumentException.class,
                () -> new ImageConvention(129, PaddingMode.SYMMETRIC, List.of(1.0, 2.0), List.of(1.0), 3,
                        OutputActivation.SOFTMAX_SALT)).getMessage());
        assertEquals("softmax:2 needs at least 3 channels, the output has 2",
                OutputActivation.parse("softmax:2").mismatch(2));
        assertEquals("input size 100 is smaller than the 101x101 image; only --padding resize can shrink it",
                assertThrows(IllegalArgumentException.class, () -> new ImageConvention(100, PaddingMode.EDGE,
                        List.of(0.0), List.of(1.0), 1, OutputActivation.SOFTMAX_SALT)).getMessage());
    }
}

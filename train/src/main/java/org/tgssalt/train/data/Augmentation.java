package org.tgssalt.train.data;

import java.util.SplittableRandom;
import org.tgssalt.image.KaggleImage;

/**
 * The reference's training augmentation, applied identically to an image and its mask: horizontal
 * flip, translation with mirrored fill, and a square crop resized back to 101x101 (bilinear for the
 * image, nearest neighbour for the mask). The random choices are described in {@link AugmentationDraw}.
 *
 * <p>Stateless and thread-safe: every call gets its own random source, so a sample's augmentation
 * depends only on the seed it is given, not on the thread or the order in which samples are processed.
 */
public final class Augmentation {

    /** Draws the transforms from {@code random} and applies them. */
    public TrainingSample apply(TrainingSample sample, SplittableRandom random) {
        return apply(sample, AugmentationDraw.sample(random));
    }

    /** Applies the given transforms, in the order flip, translate, crop. */
    public TrainingSample apply(TrainingSample sample, AugmentationDraw draw) {
        float[] image = sample.image();
        float[] mask = sample.mask();
        if (draw.flip()) {
            image = flipHorizontal(image);
            mask = flipHorizontal(mask);
        }
        if (draw.translate()) {
            image = translateMirrored(image, draw.dx(), draw.dy());
            mask = translateMirrored(mask, draw.dx(), draw.dy());
        }
        if (draw.crop()) {
            image = cropResizeBilinear(image, draw.cropX(), draw.cropY(), draw.cropSide());
            mask = cropResizeNearest(mask, draw.cropX(), draw.cropY(), draw.cropSide());
        }
        return new TrainingSample(sample.id(), image, mask);
    }

    /** Mirrors a 101x101 plane left-right. */
    public static float[] flipHorizontal(float[] plane) {
        float[] out = new float[KaggleImage.SIDE * KaggleImage.SIDE];
        for (int y = 0; y < KaggleImage.SIDE; y++) {
            for (int x = 0; x < KaggleImage.SIDE; x++) {
                out[y * KaggleImage.SIDE + x] = plane[y * KaggleImage.SIDE + KaggleImage.SIDE - 1 - x];
            }
        }
        return out;
    }

    /**
     * Shifts a 101x101 plane by {@code dx} columns right and {@code dy} rows down; pixels shifted in from
     * outside are the mirror image across the edge, without repeating the edge pixel (numpy's
     * {@code reflect}: {@code ... c b | a b c ...}).
     */
    public static float[] translateMirrored(float[] plane, int dx, int dy) {
        float[] out = new float[KaggleImage.SIDE * KaggleImage.SIDE];
        for (int y = 0; y < KaggleImage.SIDE; y++) {
            int sy = reflect(y - dy);
            for (int x = 0; x < KaggleImage.SIDE; x++) {
                out[y * KaggleImage.SIDE + x] = plane[sy * KaggleImage.SIDE + reflect(x - dx)];
            }
        }
        return out;
    }

    /** Index into [0, 101) mirrored across the first and last pixel (valid for shifts under 101). */
    static int reflect(int i) {
        if (i < 0) {
            return -i;
        }
        if (i >= KaggleImage.SIDE) {
            return 2 * (KaggleImage.SIDE - 1) - i;
        }
        return i;
    }

    /**
     * Crops the square of side {@code side} at ({@code left}, {@code top}) and resizes it to 101x101 with
     * bilinear interpolation on pixel centres (PIL's {@code BILINEAR} when enlarging: output pixel o samples
     * source position (o + 0.5) * side / 101 - 0.5, clamped to the crop). Like PIL on an 8-bit image, the
     * result is rounded to the nearest of the 256 gray levels.
     */
    public static float[] cropResizeBilinear(float[] plane, int left, int top, int side) {
        float[] out = new float[KaggleImage.SIDE * KaggleImage.SIDE];
        double scale = (double) side / KaggleImage.SIDE;
        int[] low = new int[KaggleImage.SIDE];
        int[] high = new int[KaggleImage.SIDE];
        float[] weight = new float[KaggleImage.SIDE];
        for (int o = 0; o < KaggleImage.SIDE; o++) {
            double source = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), side - 1);
            low[o] = (int) Math.floor(source);
            high[o] = Math.min(low[o] + 1, side - 1);
            weight[o] = (float) (source - low[o]);
        }
        for (int y = 0; y < KaggleImage.SIDE; y++) {
            int row0 = (top + low[y]) * KaggleImage.SIDE;
            int row1 = (top + high[y]) * KaggleImage.SIDE;
            float wy = weight[y];
            for (int x = 0; x < KaggleImage.SIDE; x++) {
                int c0 = left + low[x];
                int c1 = left + high[x];
                float wx = weight[x];
                float upper = plane[row0 + c0] * (1 - wx) + plane[row0 + c1] * wx;
                float lower = plane[row1 + c0] * (1 - wx) + plane[row1 + c1] * wx;
                // the reference resizes 8-bit images, so the result is rounded to a gray level
                out[y * KaggleImage.SIDE + x] = Math.round((upper * (1 - wy) + lower * wy) * 255f) / 255f;
            }
        }
        return out;
    }

    /**
     * Crops like {@link #cropResizeBilinear} but takes the nearest source pixel (PIL's {@code NEAREST}:
     * floor((o + 0.5) * side / 101)), so a mask stays 0/1.
     */
    public static float[] cropResizeNearest(float[] plane, int left, int top, int side) {
        float[] out = new float[KaggleImage.SIDE * KaggleImage.SIDE];
        int[] source = new int[KaggleImage.SIDE];
        for (int o = 0; o < KaggleImage.SIDE; o++) {
            source[o] = Math.min((int) Math.floor((o + 0.5) * side / KaggleImage.SIDE), side - 1);
        }
        for (int y = 0; y < KaggleImage.SIDE; y++) {
            int row = (top + source[y]) * KaggleImage.SIDE;
            for (int x = 0; x < KaggleImage.SIDE; x++) {
                out[y * KaggleImage.SIDE + x] = plane[row + left + source[x]];
            }
        }
        return out;
    }
}

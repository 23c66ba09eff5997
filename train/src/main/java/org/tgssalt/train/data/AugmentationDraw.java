package org.tgssalt.train.data;

import java.util.SplittableRandom;
import org.tgssalt.image.KaggleImage;

/**
 * The random choices of one augmentation, drawn up front so that a test (or a log) can see and replay them.
 *
 * @param flip mirror left-right
 * @param translate shift by ({@code dx}, {@code dy})
 * @param dx columns to shift right (negative: left), in [-20, 20]
 * @param dy rows to shift down (negative: up), in [-20, 20]
 * @param crop crop the square at ({@code cropX}, {@code cropY}) with side {@code cropSide} and resize it back
 * @param cropX left column of the crop
 * @param cropY top row of the crop
 * @param cropSide side of the crop, in [81, 101]
 */
public record AugmentationDraw(boolean flip, boolean translate, int dx, int dy,
                               boolean crop, int cropX, int cropY, int cropSide) {
    /** Probability of each of the three transforms (the flip then flips with the same probability again). */
    public static final double TRANSFORM_PROBABILITY = 0.5;
    /** Largest shift in pixels of the translation, either way. */
    public static final int MAX_SHIFT = 20;
    /** Smallest fraction of the image area a crop keeps. */
    public static final double MIN_CROP_AREA = 0.64;

    /** No transform at all. */
    public static final AugmentationDraw IDENTITY =
            new AugmentationDraw(false, false, 0, 0, false, 0, 0, KaggleImage.SIDE);

    public AugmentationDraw {
        int size = KaggleImage.SIDE;
        if (Math.abs(dx) > MAX_SHIFT || Math.abs(dy) > MAX_SHIFT) {
            throw new IllegalArgumentException("shift must be within +-" + MAX_SHIFT + ", got " + dx + ", " + dy);
        }
        if (cropSide < 1 || cropSide > size || cropX < 0 || cropY < 0
                || cropX + cropSide > size || cropY + cropSide > size) {
            throw new IllegalArgumentException("crop " + cropSide + " at (" + cropX + ", " + cropY
                    + ") does not fit in " + size + "x" + size);
        }
    }

    /**
     * Draws the reference's augmentation: each of flip, translate and crop is applied with probability
     * 0.5; the flip step then flips with probability 0.5 (25% of samples flipped); the shift is uniform
     * in [-20, 20] on each axis; the crop keeps a uniform area fraction u in [0.64, 1], side
     * round(sqrt(u) * 101), at a uniform position. The draws happen in that order, always the same
     * number of them per transform, so one seed always gives the same augmentation.
     */
    public static AugmentationDraw sample(SplittableRandom random) {
        int size = KaggleImage.SIDE;
        boolean flip = false;
        if (random.nextDouble() < TRANSFORM_PROBABILITY) {
            flip = random.nextDouble() < TRANSFORM_PROBABILITY;
        }
        boolean translate = random.nextDouble() < TRANSFORM_PROBABILITY;
        int dx = 0;
        int dy = 0;
        if (translate) {
            dx = random.nextInt(-MAX_SHIFT, MAX_SHIFT + 1);
            dy = random.nextInt(-MAX_SHIFT, MAX_SHIFT + 1);
        }
        boolean crop = random.nextDouble() < TRANSFORM_PROBABILITY;
        int side = size;
        int x = 0;
        int y = 0;
        if (crop) {
            double area = MIN_CROP_AREA + (1 - MIN_CROP_AREA) * random.nextDouble();
            side = (int) Math.round(Math.sqrt(area) * size);
            x = random.nextInt(size - side + 1);
            y = random.nextInt(size - side + 1);
        }
        return new AugmentationDraw(flip, translate, dx, dy, crop, x, y, side);
    }
}

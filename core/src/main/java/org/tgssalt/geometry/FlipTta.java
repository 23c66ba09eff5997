package org.tgssalt.geometry;

import java.nio.FloatBuffer;
import org.tgssalt.image.KaggleImage;

/**
 * The flip-TTA mean, the one Java implementation the scorer ({@code FoldEnsemble}) and training's
 * validation share: for each model, a batch's maps followed (with the flip) by the maps of the
 * images' left-right mirrors, which are mirrored back. The sums run in a fixed order (model, then
 * direct before mirrored view) and are scaled once by {@code 1 / (models * views)} at the end, so an
 * image's result does not depend on the batch it came in. (The fused ONNX graph does the same inside.)
 *
 * <pre>{@code
 * FlipTta mean = new FlipTta(count, true);
 * for (float[] outputs : perModel) { mean.add(FloatBuffer.wrap(outputs)); } // 2 * count maps each
 * float[][] probabilities = mean.mean();
 * }</pre>
 *
 * <p>Not thread-safe: one per batch.
 */
public final class FlipTta {
    private static final int SIDE = KaggleImage.SIDE;
    private static final int PIXELS = KaggleImage.PIXELS;

    private final float[][] sums;
    private final boolean mirrored;
    private int models;

    /**
     * @param images maps per view in each {@link #add}
     * @param mirrored whether each {@link #add} also holds the mirrored view's maps
     */
    public FlipTta(int images, boolean mirrored) {
        this.sums = new float[images][PIXELS];
        this.mirrored = mirrored;
    }

    /** Views per image: 2 with the flip, else 1. */
    public int views() {
        return mirrored ? 2 : 1;
    }

    /**
     * Adds one model's outputs: {@code images} row-major 101x101 maps of the images, then, with the flip,
     * {@code images} maps of their mirrors (as the model returned them, still mirrored).
     */
    public void add(FloatBuffer outputs) {
        int count = sums.length;
        for (int i = 0; i < count; i++) {
            float[] s = sums[i];
            int base = i * PIXELS;
            for (int p = 0; p < PIXELS; p++) {
                s[p] += outputs.get(base + p);
            }
            if (mirrored) {
                int mirrorBase = (count + i) * PIXELS;
                for (int y = 0; y < SIDE; y++) {
                    int row = y * SIDE;
                    for (int x = 0; x < SIDE; x++) {
                        s[row + x] += outputs.get(mirrorBase + row + SIDE - 1 - x);
                    }
                }
            }
        }
        models++;
    }

    /** The mean over the models added and the views, one map per image. Call once, after the last {@link #add}. */
    public float[][] mean() {
        float scale = 1f / (models * views());
        for (float[] s : sums) {
            for (int p = 0; p < PIXELS; p++) {
                s[p] *= scale;
            }
        }
        return sums;
    }

    /** Puts the left-right mirror of a row-major 101x101 image into {@code into}. */
    public static void putMirrored(float[] image, FloatBuffer into) {
        for (int y = 0; y < SIDE; y++) {
            int row = y * SIDE;
            for (int x = SIDE - 1; x >= 0; x--) {
                into.put(image[row + x]);
            }
        }
    }
}

package org.tgssalt.scoring;

import java.awt.image.BufferedImage;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.GrayImage;

/**
 * Draws a predicted mask's outline in red over its gray image, enlarged {@value #SCALE} times so
 * that a person can see it. The outline is one enlarged pixel thin and runs along the inside of the
 * salt region; the image border counts as background, so regions touching it are closed.
 */
final class OverlayRenderer {
    /** Enlargement factor. */
    public static final int SCALE = 3;
    private static final int RED = 0xff0000;

    private OverlayRenderer() {}

    /** The overlay of {@code mask} on {@code image} (same size), {@value #SCALE} times larger. */
    public static BufferedImage render(GrayImage image, BinaryMask mask) {
        if (image.width() != mask.width() || image.height() != mask.height()) {
            throw new IllegalArgumentException("image " + image.width() + "x" + image.height() + " and mask "
                    + mask.width() + "x" + mask.height() + " differ in size");
        }
        int w = image.width() * SCALE;
        int h = image.height() * SCALE;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int gray = Math.round(Math.max(0f, Math.min(1f, image.get(x / SCALE, y / SCALE))) * 255);
                int rgb = onOutline(mask, x, y, w, h) ? RED : (gray << 16) | (gray << 8) | gray;
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }

    /** True for an enlarged pixel in salt with a 4-neighbour outside salt (or outside the image). */
    static boolean onOutline(BinaryMask mask, int x, int y, int w, int h) {
        if (!salt(mask, x, y, w, h)) {
            return false;
        }
        return !salt(mask, x - 1, y, w, h) || !salt(mask, x + 1, y, w, h)
                || !salt(mask, x, y - 1, w, h) || !salt(mask, x, y + 1, w, h);
    }

    private static boolean salt(BinaryMask mask, int x, int y, int w, int h) {
        return x >= 0 && y >= 0 && x < w && y < h && mask.get(x / SCALE, y / SCALE);
    }
}

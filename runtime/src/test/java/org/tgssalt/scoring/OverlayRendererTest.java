package org.tgssalt.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.GrayImage;

class OverlayRendererTest {
    @Test
    void outlineRunsAlongTheInsideOfTheSaltRegion() {
        int n = 5;
        float[] pixels = new float[n * n];
        java.util.Arrays.fill(pixels, 0.2f); // gray 51
        boolean[] salt = new boolean[n * n];
        for (int y = 1; y <= 3; y++) {
            for (int x = 1; x <= 3; x++) {
                salt[y * n + x] = true;
            }
        }
        BufferedImage overlay = OverlayRenderer.render(new GrayImage(n, n, pixels), new BinaryMask(n, n, salt));
        int s = OverlayRenderer.SCALE;
        assertEquals(n * s, overlay.getWidth());
        int red = 0xff0000;
        int gray = (51 << 16) | (51 << 8) | 51;
        // Salt spans enlarged pixels [3, 12) in both directions; its outline is their border ring.
        for (int y = 0; y < n * s; y++) {
            for (int x = 0; x < n * s; x++) {
                boolean inside = x >= s && x < 4 * s && y >= s && y < 4 * s;
                boolean ring = inside && (x == s || x == 4 * s - 1 || y == s || y == 4 * s - 1);
                assertEquals(ring ? red : gray, overlay.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void regionTouchingTheBorderIsClosed() {
        boolean[] all = new boolean[4];
        java.util.Arrays.fill(all, true);
        BufferedImage overlay = OverlayRenderer.render(new GrayImage(2, 2, new float[4]), new BinaryMask(2, 2, all));
        assertEquals(0xff0000, overlay.getRGB(0, 3) & 0xffffff);
        assertEquals(0, overlay.getRGB(2, 2) & 0xffffff, "interior keeps the (black) image");
    }
}

package org.tgssalt.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Half-pixel bilinear resizing against hand-computed values. */
class BilinearResizeTest {
    @Test
    void twoToFourByHand() {
        // 1-D positions for in 2 -> out 4: -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1)
        float[] out = BilinearResize.resize(new float[] {0, 4, 8, 12}, 2, 4);
        assertArrayEquals(new float[] {0, 1, 3, 4}, java.util.Arrays.copyOfRange(out, 0, 4), 1e-6f);
        // row 1 samples y = 0.25: 0.75 * row 0 + 0.25 * row 1; (1,1): 0.75 * 1 + 0.25 * 9 = 3
        assertArrayEquals(new float[] {2, 3, 5, 6}, java.util.Arrays.copyOfRange(out, 4, 8), 1e-6f);
        assertArrayEquals(new float[] {8, 9, 11, 12}, java.util.Arrays.copyOfRange(out, 12, 16), 1e-6f);
    }

    @Test
    void sameSizeIsTheIdentityAndConstantsStayConstant() {
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertArrayEquals(x, BilinearResize.resize(x, 3, 3));
        float[] constant = new float[101 * 101];
        java.util.Arrays.fill(constant, 0.25f);
        for (float v : BilinearResize.resize(constant, 101, 128)) {
            assertEquals(0.25f, v, 1e-7f);
        }
    }
}

package org.tgssalt.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PixelNormalizationTest {
    @Test
    void referenceFormula() {
        assertEquals((float) (-123.03 / 255), PixelNormalization.normalize(0f));
        assertEquals((float) ((255 - 123.03) / 255), PixelNormalization.normalize(1f));
        assertEquals((float) (-0.03 / 255), PixelNormalization.normalizeLevel(123));
        for (int level = 0; level <= 255; level++) {
            // An 8-bit pixel read as level / 255 normalises to the level formula within float rounding.
            assertEquals(PixelNormalization.normalizeLevel(level), PixelNormalization.normalize(level / 255f), 1e-7);
        }
    }

    @Test
    void arrayVersionsDoNotTouchOtherValues() {
        float[] in = {0f, 1f, 0.5f};
        float[] out = PixelNormalization.normalize(in);
        assertArrayEquals(new float[] {0f, 1f, 0.5f}, in);
        assertEquals(PixelNormalization.normalize(0.5f), out[2]);
        float[] slot = {7f, 0f, 1f, 7f};
        PixelNormalization.normalizeInPlace(slot, 1, 2);
        assertArrayEquals(new float[] {7f, PixelNormalization.normalize(0f), PixelNormalization.normalize(1f), 7f}, slot);
    }
}

package org.tgssalt.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** BorderPadding against hand-written rows and against SymmetricPadding. */
class BorderPaddingTest {
    /** A 4x4 image whose row 0 is 1 2 3 4, row y is 10 y + that. */
    private static float[] image() {
        float[] p = new float[16];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                p[y * 4 + x] = 10 * y + x + 1;
            }
        }
        return p;
    }

    private static float[] firstPaddedRowOfRowZero(PaddingMode mode) {
        BorderPadding p = new BorderPadding(mode, 2, 2);
        float[] out = p.pad(image(), 4);
        float[] row = new float[8];
        System.arraycopy(out, 2 * 8, row, 0, 8); // padded row 2 is image row 0
        return row;
    }

    @Test
    void eachModeBordersARowAsNumpyDoes() {
        assertArrayEquals(new float[] {2, 1, 1, 2, 3, 4, 4, 3}, firstPaddedRowOfRowZero(PaddingMode.SYMMETRIC));
        assertArrayEquals(new float[] {3, 2, 1, 2, 3, 4, 3, 2}, firstPaddedRowOfRowZero(PaddingMode.REFLECT));
        assertArrayEquals(new float[] {1, 1, 1, 2, 3, 4, 4, 4}, firstPaddedRowOfRowZero(PaddingMode.EDGE));
        assertArrayEquals(new float[] {0, 0, 1, 2, 3, 4, 0, 0}, firstPaddedRowOfRowZero(PaddingMode.ZERO));
    }

    @Test
    void rowsAreBorderedLikeColumns() {
        float[] out = new BorderPadding(PaddingMode.REFLECT, 2, 2).pad(image(), 4);
        // padded column 2 (image column 0) top to bottom: rows 2 1 0 1 2 3 2 1 of the image
        float[] column = new float[8];
        for (int y = 0; y < 8; y++) {
            column[y] = out[y * 8 + 2];
        }
        assertArrayEquals(new float[] {21, 11, 1, 11, 21, 31, 21, 11}, column);
    }

    @Test
    void unequalBordersAndCropBack() {
        BorderPadding p = new BorderPadding(PaddingMode.EDGE, 1, 2);
        float[] out = p.pad(image(), 4);
        assertEquals(49, out.length);
        assertArrayEquals(new float[] {1, 1, 2, 3, 4, 4, 4}, java.util.Arrays.copyOfRange(out, 7, 14));
        assertArrayEquals(image(), p.crop(out, 7));
    }

    @Test
    void symmetricEqualsSymmetricPaddingOnTheKaggleSizes() {
        float[] image = new float[101 * 101];
        Random random = new Random(3);
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextFloat();
        }
        BorderPadding p = new BorderPadding(PaddingMode.SYMMETRIC, 14, 14);
        assertArrayEquals(SymmetricPadding.KAGGLE.pad(image, 101, 101), p.pad(image, 101));
        float[] padded = SymmetricPadding.KAGGLE.pad(image, 101, 101);
        assertArrayEquals(SymmetricPadding.KAGGLE.crop(padded, 129, 129), p.crop(padded, 129));
    }

    @Test
    void refusesBordersWiderThanTheModeAllows() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BorderPadding(PaddingMode.REFLECT, 4, 4).pad(image(), 4));
        assertEquals("reflect padding by 4 needs sides of at least 5, got 4", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BorderPadding(PaddingMode.RESIZE, 1, 1))
                .getMessage().contains("symmetric, reflect, edge or zero"));
    }
}

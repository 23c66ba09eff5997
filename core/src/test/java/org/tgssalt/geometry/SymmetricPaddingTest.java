package org.tgssalt.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.GrayImage;

class SymmetricPaddingTest {
    @Test
    void padsThreeByThreeByTwo() {
        float[] src = {
            1, 2, 3,
            4, 5, 6,
            7, 8, 9};
        // Rows and columns both map -2..4 -> 1 0 | 0 1 2 | 2 1.
        float[] expected = {
            5, 4, 4, 5, 6, 6, 5,
            2, 1, 1, 2, 3, 3, 2,
            2, 1, 1, 2, 3, 3, 2,
            5, 4, 4, 5, 6, 6, 5,
            8, 7, 7, 8, 9, 9, 8,
            8, 7, 7, 8, 9, 9, 8,
            5, 4, 4, 5, 6, 6, 5};
        SymmetricPadding padding = new SymmetricPadding(2);
        assertArrayEquals(expected, padding.pad(src, 3, 3));
        assertArrayEquals(src, padding.crop(expected, 7, 7));
    }

    @Test
    void padsNonSquareByOne() {
        float[] src = {1, 2, 3, 4, 5, 6}; // 3 wide, 2 tall
        float[] expected = {
            1, 1, 2, 3, 3,
            1, 1, 2, 3, 3,
            4, 4, 5, 6, 6,
            4, 4, 5, 6, 6};
        assertArrayEquals(expected, new SymmetricPadding(1).pad(src, 3, 2));
    }

    @Test
    void rowFromTheDesignNote() {
        // "c b a | a b c ... x y z | z y x" with a..e = 1..5 and border 3; three equal rows.
        float[] row = {1, 2, 3, 4, 5};
        float[] src = new float[15];
        for (int y = 0; y < 3; y++) {
            System.arraycopy(row, 0, src, 5 * y, 5);
        }
        float[] padded = new SymmetricPadding(3).pad(src, 5, 3);
        float[] firstRow = java.util.Arrays.copyOf(padded, 11);
        assertArrayEquals(new float[] {3, 2, 1, 1, 2, 3, 4, 5, 5, 4, 3}, firstRow);
        assertEquals(11 * 9, padded.length);
    }

    @Test
    void kaggleRoundTripAndCorners() {
        Random random = new Random(7);
        float[] src = new float[101 * 101];
        for (int i = 0; i < src.length; i++) {
            src[i] = random.nextFloat();
        }
        GrayImage image = new GrayImage(101, 101, src);
        GrayImage padded = SymmetricPadding.KAGGLE.pad(image);
        assertEquals(129, padded.width());
        assertEquals(129, padded.height());
        assertEquals(SymmetricPadding.PADDED_SIZE, padded.width());
        assertEquals(image, SymmetricPadding.KAGGLE.crop(padded));
        assertEquals(image.get(0, 0), padded.get(14, 14));
        assertEquals(image.get(0, 0), padded.get(13, 13));
        assertEquals(image.get(13, 13), padded.get(0, 0));
        assertEquals(image.get(100, 100), padded.get(114, 114));
        assertEquals(image.get(100, 100), padded.get(115, 115));
        assertEquals(image.get(87, 87), padded.get(128, 128));
        assertEquals(image.get(50, 13), padded.get(64, 0));
        assertEquals(image.get(87, 50), padded.get(128, 64));
    }

    @Test
    void masksPadLikeImages() {
        Random random = new Random(9);
        boolean[] p = new boolean[101 * 101];
        float[] f = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextBoolean();
            f[i] = p[i] ? 1f : 0f;
        }
        BinaryMask mask = new BinaryMask(101, 101, p);
        BinaryMask padded = SymmetricPadding.KAGGLE.pad(mask);
        float[] paddedFloats = SymmetricPadding.KAGGLE.pad(f, 101, 101);
        for (int i = 0; i < paddedFloats.length; i++) {
            assertEquals(paddedFloats[i] == 1f, padded.pixels()[i]);
        }
        assertEquals(mask, SymmetricPadding.KAGGLE.crop(padded));
    }

    @Test
    void padsAndCropsBatchSlots() {
        SymmetricPadding padding = new SymmetricPadding(1);
        float[] images = {9, 9, 1, 2, 3, 4}; // two leading values, then a 2x2 image
        float[] batch = new float[2 * 16];
        padding.pad(images, 2, 2, 2, batch, 16);
        float[] expected = {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4};
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(batch, 16, 32));
        assertArrayEquals(new float[16], java.util.Arrays.copyOfRange(batch, 0, 16));
        float[] cropped = new float[5];
        padding.crop(batch, 16, 4, 4, cropped, 1);
        assertArrayEquals(new float[] {0, 1, 2, 3, 4}, cropped);
    }

    @Test
    void rejectsBadSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SymmetricPadding(4).pad(new float[9], 3, 3));
        assertEquals("symmetric padding by 4 needs sides of at least 4, got 3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SymmetricPadding(2).crop(new float[16], 4, 4));
        assertThrows(IllegalArgumentException.class, () -> new SymmetricPadding(-1));
    }
}

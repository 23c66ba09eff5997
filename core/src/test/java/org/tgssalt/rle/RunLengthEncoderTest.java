package org.tgssalt.rle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tgssalt.InputException;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.testing.AsciiMask;

class RunLengthEncoderTest {
    private static BinaryMask mask(String... rows) {
        return AsciiMask.of(rows);
    }

    private static void assertBothWays(String rle, BinaryMask m) {
        assertEquals(rle, RunLengthEncoder.encode(m));
        assertEquals(m, RunLengthEncoder.decode(rle, m.width(), m.height()));
    }

    @Test
    void threeByThree() {
        // Column-major numbering: column 0 is pixels 1..3, column 1 is 4..6, column 2 is 7..9.
        assertBothWays("2 2 7 1", mask(
                "..#",
                "#..",
                "#.."));
        assertBothWays("3 1 6 1 9 1", mask(
                "...",
                "...",
                "###"));
        // A run crosses from the bottom of column 0 into column 1: pixels 3, 4, 5.
        assertBothWays("3 3", mask(
                ".#.",
                ".#.",
                "#.."));
    }

    @Test
    void fourByTwo() {
        // Columns of two: pixels 1-2, 3-4, 5-6, 7-8.
        assertBothWays("1 1 3 2 7 2", mask(
                "##.#",
                ".#.#"));
        // A run continues from the bottom of one column to the top of the next.
        assertBothWays("2 2", mask(
                ".#..",
                "#..."));
    }

    @Test
    void firstLastFullAndEmpty() {
        assertBothWays("1 1", mask("#..", "...", "..."));
        assertBothWays("9 1", mask("...", "...", "..#"));
        assertBothWays("1 9", mask("###", "###", "###"));
        assertBothWays("", mask("...", "...", "..."));
        boolean[] full = new boolean[101 * 101];
        java.util.Arrays.fill(full, true);
        assertBothWays("1 10201", new BinaryMask(101, 101, full));
        assertBothWays("", BinaryMask.empty(101, 101));
    }

    @Test
    void decodeToleratesExtraWhitespaceAndAdjacentRuns() {
        assertEquals(mask("..#", "#..", "#.."), RunLengthEncoder.decode("  2 2\t7  1 \n", 3, 3));
        assertEquals(mask("#..", "#..", "#.."), RunLengthEncoder.decode("1 2 3 1", 3, 3));
        assertEquals(BinaryMask.empty(3, 3), RunLengthEncoder.decode(null, 3, 3));
        assertEquals(BinaryMask.empty(3, 3), RunLengthEncoder.decode("   ", 3, 3));
    }

    @Test
    void randomRoundTripsAgreeWithPixelwiseDefinition() {
        Random random = new Random(42);
        for (int trial = 0; trial < 500; trial++) {
            int w = 1 + random.nextInt(trial < 400 ? 12 : 101);
            int h = 1 + random.nextInt(trial < 400 ? 12 : 101);
            double density = random.nextDouble();
            boolean[] p = new boolean[w * h];
            for (int i = 0; i < p.length; i++) {
                p[i] = random.nextDouble() < density;
            }
            BinaryMask m = new BinaryMask(w, h, p);
            String rle = RunLengthEncoder.encode(m);
            assertEquals(m, RunLengthEncoder.decode(rle, w, h), rle);
            // Independent check of the encoding: pixel k (1-based, column-major) is salt iff some run covers it.
            boolean[] covered = new boolean[w * h + 1];
            String[] t = rle.isEmpty() ? new String[0] : rle.split(" ");
            for (int i = 0; i < t.length; i += 2) {
                int start = Integer.parseInt(t[i]);
                int length = Integer.parseInt(t[i + 1]);
                for (int k = start; k < start + length; k++) {
                    covered[k] = true;
                }
            }
            for (int x = 0; x < w; x++) {
                for (int y = 0; y < h; y++) {
                    assertEquals(m.get(x, y), covered[x * h + y + 1]);
                }
            }
        }
    }

    @Test
    void malformedInputErrors() {
        assertError("RLE: run-length encoding has an odd number of values (3); expected \"start length\" pairs", "1 2 3");
        assertError("RLE: run 1 starts at pixel 0; pixels are numbered from 1", "0 5");
        assertError("RLE: run 1 starts at pixel -4; pixels are numbered from 1", "-4 5");
        assertError("RLE: run 2 (start 5) has length 0; lengths must be positive", "1 1 5 0");
        assertError("RLE: run 1 (start 5) has length -2; lengths must be positive", "5 -2");
        assertError("RLE: run 1 (start 10, length 1) ends at pixel 10, beyond the last pixel 9 of a 3x3 mask", "10 1");
        assertError("RLE: run 2 (start 8, length 3) ends at pixel 10, beyond the last pixel 9 of a 3x3 mask", "1 1 8 3");
        assertError("RLE: run 2 (start 3) starts at or before the end of run 1 (pixel 5); runs must be sorted and "
                + "must not overlap", "5 1 3 1");
        assertError("RLE: run 2 (start 3) starts at or before the end of run 1 (pixel 3); runs must be sorted and "
                + "must not overlap", "1 3 3 1");
        assertError("RLE: run-length encoding value 2 is not an integer: 'x'", "1 x");
        assertError("RLE: run-length encoding value 1 is not an integer: '1.5'", "1.5 2");
        assertError("RLE: run-length encoding value 2 is not an integer: '99999999999999999999'", "1 99999999999999999999");
    }

    @Test
    void errorsNameTheGivenSource() {
        InputException e = assertThrows(InputException.class,
                () -> RunLengthEncoder.decode("1 2 3", 101, 101, "train.csv line 7"));
        assertEquals("train.csv line 7", e.source());
    }

    private static void assertError(String expected, String rle) {
        InputException e = assertThrows(InputException.class, () -> RunLengthEncoder.decode(rle, 3, 3));
        assertEquals(expected, e.getMessage());
    }
}

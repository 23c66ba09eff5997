package org.tgssalt.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tgssalt.image.KaggleImage;

class AugmentationTest {
    private static final int N = KaggleImage.SIDE;
    private static final float BACKGROUND = 0.2f;
    private static final float SALT = 0.8f;

    /** A mask of a few random discs and an image derived from it pixel by pixel. */
    private static TrainingSample blobSample(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] mask = new float[N * N];
        for (int disc = 0; disc < 4; disc++) {
            int cx = random.nextInt(N);
            int cy = random.nextInt(N);
            int r = 5 + random.nextInt(20);
            for (int y = 0; y < N; y++) {
                for (int x = 0; x < N; x++) {
                    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
                        mask[y * N + x] = 1;
                    }
                }
            }
        }
        return new TrainingSample("blob" + seed, imageOf(mask), mask);
    }

    private static float[] imageOf(float[] mask) {
        float[] image = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
            image[i] = mask[i] == 1 ? SALT : BACKGROUND;
        }
        return image;
    }

    /** Flip and translation move pixels without interpolation: the image stays exactly derived from the mask. */
    @Test
    void flipAndTranslateKeepImageExactlyDerivedFromMask() {
        Augmentation augmentation = new Augmentation();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 50; i++) {
            TrainingSample sample = blobSample(i);
            AugmentationDraw flip = new AugmentationDraw(true, false, 0, 0, false, 0, 0, N);
            TrainingSample flipped = augmentation.apply(sample, flip);
            assertArrayEquals(imageOf(flipped.mask()), flipped.image(), "flip, sample " + i);
            assertArrayEquals(Augmentation.flipHorizontal(sample.mask()), flipped.mask());

            int dx = random.nextInt(-20, 21);
            int dy = random.nextInt(-20, 21);
            TrainingSample shifted = augmentation.apply(flipped,
                    new AugmentationDraw(false, true, dx, dy, false, 0, 0, N));
            assertArrayEquals(imageOf(shifted.mask()), shifted.image(), "translate " + dx + "," + dy);
        }
    }

    /**
     * The crop resizes the image bilinearly and the mask by nearest neighbour; the nearest source pixel is
     * always one of the four bilinear taps, so a pixel whose taps all agree has the mask value exactly, and
     * the thresholded image can only differ from the mask next to a mask edge.
     */
    @Test
    void cropKeepsImageAndMaskAligned() {
        Augmentation augmentation = new Augmentation();
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100; i++) {
            TrainingSample sample = blobSample(100 + i);
            AugmentationDraw draw = AugmentationDraw.sample(random);
            AugmentationDraw cropOnly = new AugmentationDraw(false, false, 0, 0, true,
                    draw.cropX(), draw.cropY(), draw.cropSide());
            assertAligned(augmentation.apply(sample, cropOnly), "crop " + cropOnly);
            assertAligned(augmentation.apply(sample, draw), "full " + draw);
        }
    }

    private static void assertAligned(TrainingSample s, String what) {
        int disagreements = 0;
        for (int i = 0; i < N * N; i++) {
            float m = s.mask()[i];
            assertTrue(m == 0 || m == 1, what + ": mask value " + m);
            float v = s.image()[i];
            if (v == BACKGROUND) {
                assertEquals(0, m, what + ": pure background pixel " + i + " labelled salt");
            } else if (v == SALT) {
                assertEquals(1, m, what + ": pure salt pixel " + i + " labelled background");
            }
            if ((v >= 0.5f) != (m == 1)) {
                disagreements++;
                assertTrue(nearMaskEdge(s.mask(), i), what + ": pixel " + i + " misaligned away from any edge");
            }
        }
        assertTrue(disagreements < N * N / 50, what + ": " + disagreements + " disagreements");
    }

    private static boolean nearMaskEdge(float[] mask, int index) {
        int x = index % N;
        int y = index / N;
        for (int ny = Math.max(0, y - 1); ny <= Math.min(N - 1, y + 1); ny++) {
            for (int nx = Math.max(0, x - 1); nx <= Math.min(N - 1, x + 1); nx++) {
                if (mask[ny * N + nx] != mask[index]) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void translateFillsByMirroringWithoutRepeatingTheEdge() {
        float[] ramp = new float[N * N];
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                ramp[y * N + x] = x + 1000 * y;
            }
        }
        float[] right3 = Augmentation.translateMirrored(ramp, 3, 0);
        assertArrayEquals(new float[] {3, 2, 1, 0, 1, 2, 3}, java.util.Arrays.copyOfRange(right3, 0, 7));
        assertEquals(97, right3[100]);
        float[] left2up1 = Augmentation.translateMirrored(ramp, -2, -1);
        // row 0 now shows source row 1; the last columns mirror back from column 100: 98, 99, 100, 99, 98
        assertArrayEquals(new float[] {1098, 1099, 1100, 1099, 1098},
                java.util.Arrays.copyOfRange(left2up1, 96, 101));
        // the last row shows source row reflect(101) = 99
        assertEquals(99_000 + 2, left2up1[100 * N]);
        float[] down2 = Augmentation.translateMirrored(ramp, 0, 2);
        assertEquals(2000, down2[0]);
        assertEquals(1000, down2[N]);
        assertEquals(0, down2[2 * N]);
    }

    @Test
    void fullSizeCropIsIdentity() {
        TrainingSample sample = blobSample(3);
        assertArrayEquals(sample.image(), Augmentation.cropResizeBilinear(sample.image(), 0, 0, N));
        assertArrayEquals(sample.mask(), Augmentation.cropResizeNearest(sample.mask(), 0, 0, N));
    }

    @Test
    void drawsStayInBoundsWithTheReferenceFrequencies() {
        SplittableRandom random = new SplittableRandom(2024);
        int draws = 20_000;
        int flips = 0;
        int shifts = 0;
        int crops = 0;
        int minSide = N;
        for (int i = 0; i < draws; i++) {
            AugmentationDraw d = AugmentationDraw.sample(random);
            flips += d.flip() ? 1 : 0;
            shifts += d.translate() ? 1 : 0;
            if (d.crop()) {
                crops++;
                double area = (double) d.cropSide() * d.cropSide() / (N * N);
                assertTrue(d.cropSide() >= 81 && d.cropSide() <= N, "side " + d.cropSide());
                assertTrue(area >= 0.64 - 0.01 && area <= 1, "area " + area);
                assertTrue(d.cropX() >= 0 && d.cropX() + d.cropSide() <= N, "x " + d);
                assertTrue(d.cropY() >= 0 && d.cropY() + d.cropSide() <= N, "y " + d);
                minSide = Math.min(minSide, d.cropSide());
            }
            assertTrue(Math.abs(d.dx()) <= 20 && Math.abs(d.dy()) <= 20);
        }
        // binomial standard deviations are about 0.3-0.35%; allow 1.5% absolute
        assertEquals(0.25, (double) flips / draws, 0.015);
        assertEquals(0.5, (double) shifts / draws, 0.015);
        assertEquals(0.5, (double) crops / draws, 0.015);
        assertEquals(81, minSide, "smallest side round(sqrt(0.64) * 101) = 81 should occur in 10000 crops");
    }

    @Test
    void sameSeedSameAugmentation() {
        Augmentation augmentation = new Augmentation();
        TrainingSample sample = blobSample(5);
        for (long seed = 0; seed < 20; seed++) {
            TrainingSample a = augmentation.apply(sample, new SplittableRandom(seed));
            TrainingSample b = augmentation.apply(sample, new SplittableRandom(seed));
            assertArrayEquals(a.image(), b.image());
            assertArrayEquals(a.mask(), b.mask());
        }
    }
}

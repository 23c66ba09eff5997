package org.tgssalt.image;

import java.util.Arrays;

/**
 * A salt mask: {@code true} where there is salt, stored row-major ({@code pixels[y * width + x]}).
 * The array is owned by the record: callers must not modify it after construction.
 */
public record BinaryMask(int width, int height, boolean[] pixels) {
    public BinaryMask {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("mask size must be positive, got " + width + "x" + height);
        }
        if (pixels.length != width * height) {
            throw new IllegalArgumentException(
                    "expected " + width * height + " pixels for " + width + "x" + height + ", got " + pixels.length);
        }
    }

    /** An all-background mask. */
    public static BinaryMask empty(int width, int height) {
        return new BinaryMask(width, height, new boolean[width * height]);
    }

    /**
     * The mask of a 101x101 probability map: salt where the probability is at least {@code threshold}
     * (the float compared with the double, as everywhere a threshold is applied or tuned).
     *
     * @throws IllegalArgumentException when the map does not hold {@value KaggleImage#PIXELS} values
     */
    public static BinaryMask threshold(float[] probability, double threshold) {
        if (probability.length != KaggleImage.PIXELS) {
            throw new IllegalArgumentException("probability map has " + probability.length + " values, expected "
                    + KaggleImage.PIXELS);
        }
        boolean[] salt = new boolean[KaggleImage.PIXELS];
        for (int p = 0; p < KaggleImage.PIXELS; p++) {
            salt[p] = probability[p] >= threshold;
        }
        return new BinaryMask(KaggleImage.SIDE, KaggleImage.SIDE, salt);
    }

    /** The value at column {@code x}, row {@code y}. */
    public boolean get(int x, int y) {
        return pixels[y * width + x];
    }

    /** Number of salt pixels. */
    public int area() {
        int n = 0;
        for (boolean p : pixels) {
            if (p) {
                n++;
            }
        }
        return n;
    }

    /** True when no pixel is salt. */
    public boolean isEmpty() {
        for (boolean p : pixels) {
            if (p) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryMask m && m.width == width && m.height == height && Arrays.equals(m.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "BinaryMask[" + width + "x" + height + ", area " + area() + "]";
    }
}

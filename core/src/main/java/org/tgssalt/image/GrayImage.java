package org.tgssalt.image;

import java.util.Arrays;

/**
 * A gray image with pixel values in [0, 1], stored row-major ({@code pixels[y * width + x]}).
 * The array is owned by the record: callers must not modify it after construction.
 */
public record GrayImage(int width, int height, float[] pixels) {
    public GrayImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (pixels.length != width * height) {
            throw new IllegalArgumentException(
                    "expected " + width * height + " pixels for " + width + "x" + height + ", got " + pixels.length);
        }
    }

    /** The value at column {@code x}, row {@code y}. */
    public float get(int x, int y) {
        return pixels[y * width + x];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GrayImage g && g.width == width && g.height == height && Arrays.equals(g.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "GrayImage[" + width + "x" + height + "]";
    }
}

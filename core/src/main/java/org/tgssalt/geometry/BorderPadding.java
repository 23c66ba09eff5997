package org.tgssalt.geometry;

/**
 * Pads a square row-major image by {@code before} pixels on the top and left and {@code after} on the
 * bottom and right with one of the border rules of {@link PaddingMode} (not {@link PaddingMode#RESIZE}),
 * and crops such a padded map back. With {@link PaddingMode#SYMMETRIC} and equal borders it computes what
 * {@link SymmetricPadding} computes.
 *
 * <pre>{@code
 * BorderPadding p = new BorderPadding(PaddingMode.REFLECT, 13, 14);   // 101 -> 128
 * float[] padded = p.pad(image, 101);                                   // 128 * 128 values
 * float[] back = p.crop(padded, 128);                                   // 101 * 101 values
 * }</pre>
 *
 * @param mode the border rule
 * @param before pixels added above and to the left
 * @param after pixels added below and to the right
 */
public record BorderPadding(PaddingMode mode, int before, int after) {
    public BorderPadding {
        if (mode == null || mode == PaddingMode.RESIZE) {
            throw new IllegalArgumentException("border padding needs symmetric, reflect, edge or zero, got " + mode);
        }
        if (before < 0 || after < 0) {
            throw new IllegalArgumentException("borders must not be negative, got " + before + " and " + after);
        }
    }

    /** {@code size + before + after}. */
    public int paddedSize(int size) {
        return size + before + after;
    }

    /** Pads a square {@code size x size} image; returns a new array. */
    public float[] pad(float[] pixels, int size) {
        float[] out = new float[paddedSize(size) * paddedSize(size)];
        pad(pixels, 0, size, out, 0);
        return out;
    }

    /** Pads the {@code size x size} values at {@code from} in {@code src} into {@code dst} at {@code to}. */
    public void pad(float[] src, int from, int size, float[] dst, int to) {
        checkSide(size);
        int padded = paddedSize(size);
        if (from < 0 || src.length - from < size * size || to < 0 || dst.length - to < padded * padded) {
            throw new IllegalArgumentException("arrays too small for " + size + "x" + size + " padded to " + padded);
        }
        int[] sources = new int[padded];
        for (int i = 0; i < padded; i++) {
            sources[i] = sourceIndex(i - before, size);
        }
        for (int py = 0; py < padded; py++) {
            int sy = sources[py];
            for (int px = 0; px < padded; px++) {
                int sx = sources[px];
                dst[to + py * padded + px] = sy < 0 || sx < 0 ? 0f : src[from + sy * size + sx];
            }
        }
    }

    /** The centre {@code (padded - before - after)} square of a padded map; returns a new array. */
    public float[] crop(float[] padded, int paddedSize) {
        int size = paddedSize - before - after;
        if (size <= 0) {
            throw new IllegalArgumentException("cannot crop " + before + " + " + after + " from " + paddedSize);
        }
        if (padded.length < paddedSize * paddedSize) {
            throw new IllegalArgumentException("array too small for " + paddedSize + "x" + paddedSize);
        }
        float[] out = new float[size * size];
        for (int y = 0; y < size; y++) {
            System.arraycopy(padded, (y + before) * paddedSize + before, out, y * size, size);
        }
        return out;
    }

    /** The source coordinate that padded coordinate {@code i} (in [-before, size + after)) copies; -1 for a zero. */
    private int sourceIndex(int i, int size) {
        if (i >= 0 && i < size) {
            return i;
        }
        return switch (mode) {
            case SYMMETRIC -> i < 0 ? -i - 1 : 2 * size - i - 1;
            case REFLECT -> i < 0 ? -i : 2 * size - i - 2;
            case EDGE -> i < 0 ? 0 : size - 1;
            case ZERO -> -1;
            case RESIZE -> throw new IllegalStateException("no border for resize");
        };
    }

    private void checkSide(int size) {
        int widest = Math.max(before, after);
        // Symmetric may repeat the whole image once; reflect skips the edge pixel, so one pixel less.
        int limit = switch (mode) {
            case SYMMETRIC -> size;
            case REFLECT -> size - 1;
            default -> Integer.MAX_VALUE;
        };
        if (size <= 0 || widest > limit) {
            throw new IllegalArgumentException(mode.word() + " padding by " + widest + " needs sides of at least "
                    + (mode == PaddingMode.REFLECT ? widest + 1 : widest) + ", got " + size);
        }
    }
}

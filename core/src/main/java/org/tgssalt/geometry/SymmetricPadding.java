package org.tgssalt.geometry;

import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.GrayImage;
import org.tgssalt.image.KaggleImage;

/**
 * Symmetric padding and the matching centre crop: the model sees the 101x101 images padded by 14
 * pixels on every side to 129x129, and its 129x129 predictions are cropped back to the centre.
 *
 * <p>Symmetric mode repeats the edge pixel (numpy's {@code mode="symmetric"}): a row
 * {@code a b c ... x y z} padded by 3 becomes {@code c b a | a b c ... x y z | z y x}. Images and
 * labels are padded the same way. The border may be at most the image side.
 *
 * <pre>{@code
 * float[] padded = SymmetricPadding.KAGGLE.pad(image.pixels(), 101, 101);    // 129 * 129 values
 * float[] back = SymmetricPadding.KAGGLE.crop(padded, 129, 129);              // 101 * 101 values
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SymmetricPadding {
    /** Pixels added on each side for the model. */
    public static final int KAGGLE_BORDER = 14;
    /** Side the model sees: 101 + 2 * 14. */
    public static final int PADDED_SIZE = KaggleImage.SIDE + 2 * KAGGLE_BORDER;
    /** The model's padding: 14 pixels, 101 <-> 129. */
    public static final SymmetricPadding KAGGLE = new SymmetricPadding(KAGGLE_BORDER);

    private final int border;

    /** @param border pixels added on each side, 0 or more */
    public SymmetricPadding(int border) {
        if (border < 0) {
            throw new IllegalArgumentException("border must not be negative, got " + border);
        }
        this.border = border;
    }

    /** Pixels added on each side. */
    public int border() {
        return border;
    }

    /** {@code size + 2 * border}. */
    public int paddedSize(int size) {
        return size + 2 * border;
    }

    /** Pads a row-major {@code width x height} array; returns a new array of the padded size. */
    public float[] pad(float[] pixels, int width, int height) {
        float[] out = new float[paddedSize(width) * paddedSize(height)];
        pad(pixels, 0, width, height, out, 0);
        return out;
    }

    /**
     * Pads {@code width x height} values starting at {@code from} in {@code src} into {@code dst}
     * starting at {@code to}: for filling one slot of a batch tensor.
     */
    public void pad(float[] src, int from, int width, int height, float[] dst, int to) {
        checkSide(width);
        checkSide(height);
        int pw = paddedSize(width);
        int ph = paddedSize(height);
        if (from < 0 || src.length - from < width * height || to < 0 || dst.length - to < pw * ph) {
            throw new IllegalArgumentException("arrays too small for " + width + "x" + height + " padded to "
                    + pw + "x" + ph);
        }
        int[] columns = sourceIndices(width);
        for (int py = 0; py < ph; py++) {
            int row = from + sourceIndex(py - border, height) * width;
            int out = to + py * pw;
            for (int px = 0; px < pw; px++) {
                dst[out + px] = src[row + columns[px]];
            }
        }
    }

    /** Pads an image. */
    public GrayImage pad(GrayImage image) {
        return new GrayImage(paddedSize(image.width()), paddedSize(image.height()),
                pad(image.pixels(), image.width(), image.height()));
    }

    /** Pads a mask (labels are padded like images). */
    public BinaryMask pad(BinaryMask mask) {
        int w = mask.width();
        int h = mask.height();
        checkSide(w);
        checkSide(h);
        int pw = paddedSize(w);
        boolean[] src = mask.pixels();
        boolean[] out = new boolean[pw * paddedSize(h)];
        int[] columns = sourceIndices(w);
        for (int py = 0; py < paddedSize(h); py++) {
            int row = sourceIndex(py - border, h) * w;
            for (int px = 0; px < pw; px++) {
                out[py * pw + px] = src[row + columns[px]];
            }
        }
        return new BinaryMask(pw, paddedSize(h), out);
    }

    /** The centre of a row-major padded array: a new array of {@code (pw - 2b) x (ph - 2b)} values. */
    public float[] crop(float[] padded, int paddedWidth, int paddedHeight) {
        int w = croppedSize(paddedWidth);
        int h = croppedSize(paddedHeight);
        float[] out = new float[w * h];
        crop(padded, 0, paddedWidth, paddedHeight, out, 0);
        return out;
    }

    /** Crops the padded values starting at {@code from} in {@code src} into {@code dst} at {@code to}. */
    public void crop(float[] src, int from, int paddedWidth, int paddedHeight, float[] dst, int to) {
        int w = croppedSize(paddedWidth);
        int h = croppedSize(paddedHeight);
        if (from < 0 || src.length - from < paddedWidth * paddedHeight || to < 0 || dst.length - to < w * h) {
            throw new IllegalArgumentException("arrays too small to crop " + paddedWidth + "x" + paddedHeight
                    + " to " + w + "x" + h);
        }
        for (int y = 0; y < h; y++) {
            System.arraycopy(src, from + (y + border) * paddedWidth + border, dst, to + y * w, w);
        }
    }

    /** The centre of a padded image. */
    public GrayImage crop(GrayImage padded) {
        return new GrayImage(croppedSize(padded.width()), croppedSize(padded.height()),
                crop(padded.pixels(), padded.width(), padded.height()));
    }

    /** The centre of a padded mask. */
    public BinaryMask crop(BinaryMask padded) {
        int pw = padded.width();
        int w = croppedSize(pw);
        int h = croppedSize(padded.height());
        boolean[] out = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(padded.pixels(), (y + border) * pw + border, out, y * w, w);
        }
        return new BinaryMask(w, h, out);
    }

    /** For each padded coordinate, the source coordinate it copies. */
    private int[] sourceIndices(int size) {
        int[] indices = new int[paddedSize(size)];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = sourceIndex(i - border, size);
        }
        return indices;
    }

    /** Symmetric reflection of {@code i} (which lies in [-border, size + border)) into [0, size). */
    private static int sourceIndex(int i, int size) {
        if (i < 0) {
            return -i - 1;
        }
        if (i >= size) {
            return 2 * size - i - 1;
        }
        return i;
    }

    private void checkSide(int size) {
        if (size < border || size <= 0) {
            throw new IllegalArgumentException("symmetric padding by " + border + " needs sides of at least "
                    + Math.max(1, border) + ", got " + size);
        }
    }

    private int croppedSize(int paddedSize) {
        int size = paddedSize - 2 * border;
        if (size <= 0) {
            throw new IllegalArgumentException("cannot crop " + border + " from each side of " + paddedSize);
        }
        return size;
    }
}

package org.tgssalt.rle;

import java.util.regex.Pattern;
import org.tgssalt.InputException;
import org.tgssalt.image.BinaryMask;

/**
 * The Kaggle run-length encoding of masks, exactly: pixels are numbered from 1, top to bottom then
 * left to right (column-major), and the mask is written as space-separated "start length" pairs of
 * its salt runs in increasing order; an empty mask is the empty string.
 *
 * <p>Example, a 3x3 mask with salt at (x=0, y=1), (x=0, y=2) and (x=2, y=0) is {@code "2 2 7 1"}.
 *
 * <p>Decoding validates the text and names the problem: non-numbers, an odd count, zero or
 * negative lengths, starts below 1, runs beyond the last pixel, and runs out of order or
 * overlapping. Stateless and thread-safe.
 */
public final class RunLengthEncoder {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

    private RunLengthEncoder() {}

    /** The Kaggle encoding of {@code mask}; the empty string when no pixel is salt. */
    public static String encode(BinaryMask mask) {
        int w = mask.width();
        int h = mask.height();
        StringBuilder b = new StringBuilder();
        int runStart = -1; // 0-based column-major index of the open run, or -1
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                int k = x * h + y;
                boolean salt = mask.get(x, y);
                if (salt && runStart < 0) {
                    runStart = k;
                } else if (!salt && runStart >= 0) {
                    appendRun(b, runStart, k - runStart);
                    runStart = -1;
                }
            }
        }
        if (runStart >= 0) {
            appendRun(b, runStart, w * h - runStart);
        }
        return b.toString();
    }

    /** Decodes {@code rle} for a {@code width x height} mask; errors name the source "RLE". */
    public static BinaryMask decode(String rle, int width, int height) {
        return decode(rle, width, height, "RLE");
    }

    /**
     * Decodes {@code rle} for a {@code width x height} mask.
     *
     * @param source names the text in error messages, e.g. {@code "train.csv line 17"}
     * @throws InputException when the text is not a valid encoding for that size
     */
    public static BinaryMask decode(String rle, int width, int height, String source) {
        boolean[] pixels = new boolean[width * height];
        String text = rle == null ? "" : rle.strip();
        if (text.isEmpty()) {
            return new BinaryMask(width, height, pixels);
        }
        String[] tokens = WHITESPACE.split(text);
        if (tokens.length % 2 != 0) {
            throw new InputException(source, "run-length encoding has an odd number of values (" + tokens.length
                    + "); expected \"start length\" pairs");
        }
        long total = (long) width * height;
        long previousEnd = 0; // 1-based last pixel of the previous run
        for (int i = 0; i < tokens.length; i += 2) {
            int run = i / 2 + 1;
            long start = number(tokens[i], i + 1, source);
            long length = number(tokens[i + 1], i + 2, source);
            if (start < 1) {
                throw new InputException(source, "run " + run + " starts at pixel " + start
                        + "; pixels are numbered from 1");
            }
            if (length <= 0) {
                throw new InputException(source, "run " + run + " (start " + start + ") has length " + length
                        + "; lengths must be positive");
            }
            long end = start + length - 1;
            if (end > total) {
                throw new InputException(source, "run " + run + " (start " + start + ", length " + length
                        + ") ends at pixel " + end + ", beyond the last pixel " + total + " of a "
                        + width + "x" + height + " mask");
            }
            if (start <= previousEnd) {
                throw new InputException(source, "run " + run + " (start " + start
                        + ") starts at or before the end of run " + (run - 1) + " (pixel " + previousEnd
                        + "); runs must be sorted and must not overlap");
            }
            for (long k = start - 1; k < end; k++) {
                int x = (int) (k / height);
                int y = (int) (k % height);
                pixels[y * width + x] = true;
            }
            previousEnd = end;
        }
        return new BinaryMask(width, height, pixels);
    }

    private static long number(String token, int position, String source) {
        if (!INTEGER.matcher(token).matches()) {
            throw new InputException(source, "run-length encoding value " + position + " is not an integer: '"
                    + token + "'");
        }
        return Long.parseLong(token);
    }

    private static void appendRun(StringBuilder b, int start0, int length) {
        if (b.length() > 0) {
            b.append(' ');
        }
        b.append(start0 + 1).append(' ').append(length);
    }
}

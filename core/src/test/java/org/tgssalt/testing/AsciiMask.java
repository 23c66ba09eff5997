package org.tgssalt.testing;

import org.tgssalt.image.BinaryMask;

/** Small masks written as pictures: one string per row, {@code '#'} salt, anything else background. */
public final class AsciiMask {
    private AsciiMask() {}

    /** The mask drawn by {@code rows} (all of the same length). */
    public static BinaryMask of(String... rows) {
        int w = rows[0].length();
        boolean[] p = new boolean[w * rows.length];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < w; x++) {
                p[y * w + x] = rows[y].charAt(x) == '#';
            }
        }
        return new BinaryMask(w, rows.length, p);
    }
}

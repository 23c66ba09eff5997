package org.tgssalt.image;

/**
 * The one definition of the TGS image geometry: every image, mask, out-of-fold map and graph tensor
 * in this project is {@value #SIDE}x{@value #SIDE} pixels, row-major. Everything that needs the side
 * refers here (the network's padded side is {@code SymmetricPadding.PADDED_SIZE}).
 */
public final class KaggleImage {
    /** Side of every TGS image in pixels. */
    public static final int SIDE = 101;
    /** Pixels per image: {@code SIDE * SIDE}. */
    public static final int PIXELS = SIDE * SIDE;

    private KaggleImage() {}
}

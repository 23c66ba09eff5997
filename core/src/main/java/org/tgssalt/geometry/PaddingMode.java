package org.tgssalt.geometry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a 101x101 image becomes a network's larger square input: padded by one of four border rules, or
 * resized. Padded borders are cropped off the network's output again; a resized output is resized back.
 */
public enum PaddingMode {
    /** The edge pixel repeated, {@code c b a | a b c} (numpy {@code symmetric}; the reference's mode). */
    SYMMETRIC,
    /** Mirrored about the edge pixel, {@code d c b | a b c d} (numpy and ONNX {@code reflect}). */
    REFLECT,
    /** The edge pixel copied outwards, {@code a a a | a b c} (numpy {@code edge}, ONNX {@code edge}). */
    EDGE,
    /** Zeros ({@code 0 0 0 | a b c}), before normalisation: a pixel value of 0. */
    ZERO,
    /** Bilinear resize (half-pixel centres, as OpenCV's and PyTorch's default) instead of a border. */
    RESIZE;

    /** The word used on the command line and in metadata: {@code symmetric}, {@code reflect}, ... */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode named by {@code word} (any case).
     *
     * @throws IllegalArgumentException listing the modes when the word is none of them
     */
    public static PaddingMode parse(String word) {
        for (PaddingMode m : values()) {
            if (m.word().equalsIgnoreCase(word.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown padding '" + word + "', expected one of "
                + Arrays.stream(values()).map(PaddingMode::word).collect(Collectors.joining(", ")));
    }
}

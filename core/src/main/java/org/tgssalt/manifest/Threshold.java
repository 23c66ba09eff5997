package org.tgssalt.manifest;

/**
 * The probability at or above which a pixel is salt.
 *
 * @param value the threshold, strictly between 0 and 1
 * @param tunedFrom how it was tuned (data, image count, score), or null for the default 0.5
 */
public record Threshold(double value, String tunedFrom) {
    /** The reference system's threshold, untuned. */
    public static final Threshold DEFAULT = new Threshold(0.5, null);

    public Threshold {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException("threshold must lie strictly between 0 and 1, got " + value);
        }
    }

    /** A threshold tuned on some data, e.g. "out-of-fold probabilities, 4000 images, mAP 0.861". */
    public static Threshold tuned(double value, String tunedFrom) {
        return new Threshold(value, tunedFrom);
    }
}

package org.tgssalt.export.int8;

/**
 * The calibrated range of one activation and its uint8 quantisation: the range is widened to hold 0
 * (so that 0, the padding value and ReLU's floor, is exact), {@code scale = (max - min) / 255} and
 * {@code zeroPoint = round(-min / scale)}. A value x is stored as {@code clamp(round(x / scale) + zeroPoint,
 * 0, 255)}; inside the range the round trip errs by at most {@code scale / 2}.
 *
 * @param min the smallest value kept (at most 0)
 * @param max the largest value kept (at least 0)
 */
public record ActivationRange(float min, float max) {
    /** uint8 levels above zero point 0. */
    public static final int LEVELS = 255;

    public ActivationRange {
        if (!(min <= max) || Float.isInfinite(min) || Float.isInfinite(max)) {
            throw new IllegalArgumentException("activation range [" + min + ", " + max + "] is not a finite range");
        }
        min = Math.min(min, 0f);
        max = Math.max(max, 0f);
    }

    /** The quantisation step; 1 for a tensor that is always 0 (any scale represents it exactly). */
    public float scale() {
        return max > min ? (max - min) / LEVELS : 1f;
    }

    /** The uint8 value that stands for 0. */
    public int zeroPoint() {
        return max > min ? Math.max(0, Math.min(LEVELS, Math.round(-min / scale()))) : 0;
    }
}

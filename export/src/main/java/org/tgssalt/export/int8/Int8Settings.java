package org.tgssalt.export.int8;

/**
 * How {@code export --int8} makes and checks its int8 graphs.
 *
 * @param calibrationImages calibration images per fold (default {@value #DEFAULT_IMAGES})
 * @param method how activation ranges are chosen
 * @param tolerance the largest out-of-fold mAP the int8 graphs may lose against float32 (default
 *     {@value #DEFAULT_TOLERANCE})
 * @param weightBits 8 (weights in [-127, 127]) or 7 ([-63, 63], for CPUs without VNNI)
 * @param heldOutImages images kept out of calibration for the quality gate (default {@value #DEFAULT_HELD_OUT})
 */
public record Int8Settings(int calibrationImages, CalibrationMethod method, double tolerance, int weightBits,
        int heldOutImages) {
    /** Calibration images per fold unless told otherwise. */
    public static final int DEFAULT_IMAGES = 200;
    /** Largest accepted out-of-fold mAP loss unless told otherwise. */
    public static final double DEFAULT_TOLERANCE = 0.005;
    /** Held-out images of the quality gate. */
    public static final int DEFAULT_HELD_OUT = 64;
    /**
     * The default method, chosen by the out-of-fold mAP measured on a real fold (width 0.5, 120 out-of-fold
     * images, float32 0.7392): percentile 0.7367, min-max 0.7242 (README, int8 section).
     */
    public static final CalibrationMethod DEFAULT_METHOD = CalibrationMethod.PERCENTILE;

    public Int8Settings {
        if (calibrationImages < 1 || heldOutImages < 1) {
            throw new IllegalArgumentException("int8 export needs at least one calibration and one held-out image");
        }
        if (method == null) {
            throw new IllegalArgumentException("a calibration method is required");
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("int8 tolerance must lie in [0, 1), got " + tolerance);
        }
        if (weightBits != 7 && weightBits != 8) {
            throw new IllegalArgumentException("int8 weights use 7 or 8 bits, got " + weightBits);
        }
    }

    /** The defaults. */
    public static Int8Settings defaults() {
        return new Int8Settings(DEFAULT_IMAGES, DEFAULT_METHOD, DEFAULT_TOLERANCE, 8, DEFAULT_HELD_OUT);
    }

    /** The weights' largest magnitude: 127 or 63. */
    public int weightLevels() {
        return weightBits == 8 ? ChannelWeights.FULL_LEVELS : ChannelWeights.REDUCED_LEVELS;
    }
}

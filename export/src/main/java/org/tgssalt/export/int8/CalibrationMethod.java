package org.tgssalt.export.int8;

import java.util.Locale;

/**
 * How an activation's range is chosen from the values the float32 graph produced on the calibration
 * images: {@link #MINMAX} keeps every value seen; {@link #PERCENTILE} keeps the central
 * {@link #PERCENTILE_KEPT}% of them (cutting rare outliers that would otherwise coarsen the step for
 * every other value).
 */
public enum CalibrationMethod {
    /** The smallest and largest value seen. */
    MINMAX,
    /** The {@code 100 - p} and {@code p} percentiles of the values seen, {@code p} = {@link #PERCENTILE_KEPT}. */
    PERCENTILE;

    /** The upper percentile kept by {@link #PERCENTILE}. */
    public static final double PERCENTILE_KEPT = 99.99;

    /** {@code minmax} or {@code percentile}, as in the manifest and on the command line. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The percentile kept, or null for min-max. */
    public Double percentile() {
        return this == PERCENTILE ? PERCENTILE_KEPT : null;
    }

    /** Parses {@link #text()}. @throws IllegalArgumentException naming the choices */
    public static CalibrationMethod parse(String text) {
        for (CalibrationMethod m : values()) {
            if (m.text().equals(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("calibration method must be minmax or percentile, got '" + text + "'");
    }
}

package org.tgssalt.manifest;

/**
 * How the int8 graphs' activation ranges were calibrated: their provenance in the manifest.
 *
 * @param method {@code minmax} or {@code percentile}
 * @param percentile the percentile of each activation kept in range (e.g. 99.99), null for min-max
 * @param images how many images the float32 graphs ran on to measure the ranges
 * @param source {@code real} (training images of a TGS data folder) or {@code generated} (synthetic
 *     images, used only when no data was found)
 * @param dataHash SHA-256 of the calibration image ids, one per line each ending in a newline (real
 *     images), or of the generator's name and seed (generated)
 * @param weightBits 8 (weights in [-127, 127]) or 7 (in [-63, 63], for CPUs without VNNI)
 */
public record Calibration(String method, Double percentile, int images, String source, String dataHash,
        int weightBits) {
    /** Real training images. */
    public static final String REAL = "real";
    /** Synthetic images (no data folder). */
    public static final String GENERATED = "generated";

    public Calibration {
        if (!"minmax".equals(method) && !"percentile".equals(method)) {
            throw new IllegalArgumentException("calibration method must be minmax or percentile, got " + method);
        }
        if ("percentile".equals(method) != (percentile != null)) {
            throw new IllegalArgumentException("a percentile is given exactly when the method is percentile");
        }
        if (percentile != null && !(percentile > 50 && percentile <= 100)) {
            throw new IllegalArgumentException("calibration percentile must lie in (50, 100], got " + percentile);
        }
        if (images < 1) {
            throw new IllegalArgumentException("calibration needs at least one image, got " + images);
        }
        if (!REAL.equals(source) && !GENERATED.equals(source)) {
            throw new IllegalArgumentException("calibration source must be real or generated, got " + source);
        }
        Sha256Text.check("calibration data", dataHash);
        if (weightBits != 7 && weightBits != 8) {
            throw new IllegalArgumentException("int8 weights use 7 or 8 bits, got " + weightBits);
        }
    }
}

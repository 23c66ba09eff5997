package org.tgssalt.export.int8;

/**
 * The values of one activation over all calibration images: their exact minimum and maximum (first
 * pass), then, for percentiles, a histogram of {@value #BINS} equal bins over that range (second pass).
 * Not thread-safe.
 */
final class ValueHistogram {
    static final int BINS = 8192;

    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;
    private long[] counts;
    private long total;

    /** First pass: widens the range to hold {@code values}. */
    void observeRange(float[] values) {
        for (float v : values) {
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
    }

    /** Second pass: counts {@code values} into the bins over the range of the first pass. */
    void count(float[] values) {
        if (counts == null) {
            counts = new long[BINS];
        }
        double width = (max - min) / BINS;
        for (float v : values) {
            int bin = width > 0 ? (int) Math.min(BINS - 1, Math.max(0, Math.floor((v - min) / width))) : 0;
            counts[bin]++;
        }
        total += values.length;
    }

    /** The range of every value seen. @throws IllegalStateException when none was */
    ActivationRange minMax() {
        if (min > max) {
            throw new IllegalStateException("no values observed");
        }
        return new ActivationRange(min, max);
    }

    /**
     * The range from the {@code 100 - p} to the {@code p} percentile: the lower edge of the bin holding the
     * lower one, the upper edge of the bin holding the upper one (never wider than {@link #minMax()}).
     */
    ActivationRange percentile(double p) {
        if (counts == null || total == 0) {
            throw new IllegalStateException("no values counted");
        }
        long cut = (long) Math.floor(total * (100 - p) / 100);
        double width = (max - min) / (double) BINS;
        long seen = 0;
        int low = 0;
        while (low < BINS - 1 && seen + counts[low] <= cut) {
            seen += counts[low];
            low++;
        }
        seen = 0;
        int high = BINS - 1;
        while (high > 0 && seen + counts[high] <= cut) {
            seen += counts[high];
            high--;
        }
        float lo = (float) (min + low * width);
        float hi = (float) Math.min(max, min + (high + 1) * width);
        return new ActivationRange(Math.min(lo, hi), hi);
    }
}

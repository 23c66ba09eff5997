package org.tgssalt.train;

import org.tgssalt.metric.KaggleMetric;

/**
 * Accumulates the competition metric ({@link KaggleMetric}) over validation batches: each image's mask is
 * its probability map thresholded at 0.5, scored against the true mask; the result is the mean over images.
 */
final class ValidationScore {
    private static final float THRESHOLD = 0.5f;

    private double sum;
    private int images;

    /**
     * @param probabilities {@code n * pixels} salt probabilities
     * @param truth {@code n * pixels} labels 0/1, in the same layout
     * @param pixels pixels per image
     */
    void add(float[] probabilities, float[] truth, int pixels) {
        int n = probabilities.length / pixels;
        for (int i = 0; i < n; i++) {
            int truthArea = 0;
            int predictedArea = 0;
            int intersection = 0;
            for (int k = i * pixels; k < (i + 1) * pixels; k++) {
                boolean p = probabilities[k] >= THRESHOLD;
                boolean t = truth[k] >= THRESHOLD;
                predictedArea += p ? 1 : 0;
                truthArea += t ? 1 : 0;
                intersection += p && t ? 1 : 0;
            }
            sum += KaggleMetric.imageScore(truthArea, predictedArea, intersection);
            images++;
        }
    }

    /** The mean score over the images added so far. */
    double mean() {
        return images == 0 ? Double.NaN : sum / images;
    }
}

package org.tgssalt.train;

/**
 * Accumulates the competition metric over validation batches: per image, the IoU of the predicted mask
 * (probability >= 0.5) and the true mask (1 when both are empty), precision 1 at each threshold
 * t = 0.50, 0.55, ..., 0.95 that the IoU exceeds, averaged over thresholds; the score is the mean over images.
 */
final class ValidationScore {
    private double sum;
    private int images;

    /**
     * @param probabilities {@code n * pixels} salt probabilities
     * @param truth {@code n * pixels} labels 0/1, in the same layout
     * @param pixels pixels per image
     */
    void add(float[] probabilities, float[] truth, int pixels) {
        // TODO replaced by org.tgssalt.metric.KaggleMetric once the formats branch provides it
        int n = probabilities.length / pixels;
        for (int i = 0; i < n; i++) {
            int intersection = 0;
            int union = 0;
            for (int k = i * pixels; k < (i + 1) * pixels; k++) {
                boolean p = probabilities[k] >= 0.5f;
                boolean t = truth[k] >= 0.5f;
                intersection += p && t ? 1 : 0;
                union += p || t ? 1 : 0;
            }
            double iou = union == 0 ? 1 : (double) intersection / union;
            int hits = 0;
            for (int step = 0; step < 10; step++) {
                hits += iou > 0.5 + 0.05 * step ? 1 : 0;
            }
            sum += hits / 10.0;
            images++;
        }
    }

    /** The mean score over the images added so far. */
    double mean() {
        return images == 0 ? Double.NaN : sum / images;
    }
}

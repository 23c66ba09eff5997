package org.tgssalt.metric;

/**
 * One image's result under the Kaggle metric.
 *
 * @param id the image id
 * @param truthArea salt pixels in the true mask
 * @param predictedArea salt pixels in the predicted mask
 * @param intersection pixels salt in both
 * @param score the mean over the ten thresholds of the hit (1 or 0)
 */
public record ImageScore(String id, int truthArea, int predictedArea, int intersection, double score) {
    /** Pixels salt in either mask. */
    public int union() {
        return truthArea + predictedArea - intersection;
    }

    /** Intersection over union; 1 when both masks are empty (the metric's convention). */
    public double iou() {
        int union = union();
        return union == 0 ? 1.0 : (double) intersection / union;
    }
}

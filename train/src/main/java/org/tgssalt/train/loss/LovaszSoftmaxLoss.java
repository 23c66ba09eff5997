package org.tgssalt.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Lovász-softmax loss (Berman, Rannen Triki and Blaschko, CVPR 2018), the convex surrogate of the
 * Jaccard loss, as the reference uses it: computed per image over both classes, classes absent
 * from the image included ({@code classes='all'}), averaged over classes and then over images.
 *
 * <p>For each image and class c, with foreground {@code g = [label == c]} and probability
 * {@code p_c}, the pixel errors {@code m = |g - p_c|} are sorted in decreasing order and the loss is
 * {@code sum_i m_(i) * (J(i) - J(i-1))}, where {@code J(i)} is the Jaccard loss when the first i
 * sorted pixels are wrong. The sort is an {@code argSort} and the reordering a {@code gather}, so
 * DJL's autograd differentiates the result with respect to the probabilities (and the logits
 * upstream). Stateless and thread-safe.
 */
public final class LovaszSoftmaxLoss {

    /**
     * Evaluates the loss from logits.
     *
     * @param logits {@code [N,2,H,W]} unnormalised class scores; softmax is taken over axis 1
     * @param labels {@code [N,H,W]} or {@code [N,1,H,W]}, class ids 0 and 1
     * @return a scalar, attached to the manager of {@code logits}
     */
    public NDArray evaluate(NDArray logits, NDArray labels) {
        SoftmaxCrossEntropy2d.checkLogits(logits);
        return evaluateProbabilities(logits.softmax(1), labels);
    }

    /**
     * Evaluates the loss from class probabilities.
     *
     * @param probabilities {@code [N,2,H,W]}, each pixel's two values summing to 1
     * @param labels {@code [N,H,W]} or {@code [N,1,H,W]}, class ids 0 and 1
     * @return a scalar, attached to the manager of {@code probabilities}
     */
    public NDArray evaluateProbabilities(NDArray probabilities, NDArray labels) {
        Shape shape = SoftmaxCrossEntropy2d.checkLogits(probabilities);
        long batch = shape.get(0);
        NDArray salt = SegmentationLabels.asSaltMap(
                labels, probabilities, batch, shape.get(2), shape.get(3));
        // One row per (image, class): the per-image, per-class losses are independent.
        long rows = batch * 2;
        NDArray foreground = SegmentationLabels.oneHot(salt).reshape(rows, -1);
        NDArray errors = foreground.sub(probabilities.reshape(rows, -1)).abs();
        NDArray order = errors.argSort(1, false);
        NDArray sortedErrors = errors.gather(order, 1);
        NDArray sortedForeground = foreground.gather(order, 1);
        return sortedErrors.mul(jaccardIncrements(sortedForeground)).sum(new int[] {1}).mean();
    }

    /**
     * The increments {@code J(i) - J(i-1)} of the Jaccard loss along each row of the sorted
     * foreground indicators (Berman's {@code lovasz_grad}). A row without foreground gets
     * {@code [1, 0, 0, ...]}: its loss is the largest error, as in the reference.
     */
    private static NDArray jaccardIncrements(NDArray sortedForeground) {
        NDArray total = sortedForeground.sum(new int[] {1}, true);
        NDArray foregroundSoFar = sortedForeground.cumSum(1);
        NDArray backgroundSoFar = sortedForeground.neg().add(1f).cumSum(1);
        NDArray intersection = total.sub(foregroundSoFar);
        NDArray union = total.add(backgroundSoFar);
        NDArray jaccardLoss = intersection.div(union).neg().add(1f);
        long pixels = jaccardLoss.getShape().get(1);
        if (pixels == 1) {
            return jaccardLoss;
        }
        NDArray first = jaccardLoss.get(":, 0:1");
        NDArray steps = jaccardLoss.get(":, 1:").sub(jaccardLoss.get(":, :" + (pixels - 1)));
        return NDArrays.concat(new NDList(first, steps), 1);
    }
}

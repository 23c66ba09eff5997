package org.tgssalt.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Two-class softmax cross-entropy of a dense prediction, averaged over every pixel of every image
 * (PyTorch's {@code F.cross_entropy(logits, labels)} with the default mean reduction).
 *
 * <p>Computed through {@code logSoftmax}, which stays finite for any logits. Stateless and
 * thread-safe.
 */
public final class SoftmaxCrossEntropy2d {

    /**
     * Evaluates the loss.
     *
     * @param logits {@code [N,2,H,W]} unnormalised class scores
     * @param labels {@code [N,H,W]} or {@code [N,1,H,W]}, class ids 0 and 1
     * @return a scalar, attached to the manager of {@code logits}
     */
    public NDArray evaluate(NDArray logits, NDArray labels) {
        Shape shape = checkLogits(logits);
        NDArray salt = SegmentationLabels.asSaltMap(
                labels, logits, shape.get(0), shape.get(2), shape.get(3));
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray target = SegmentationLabels.oneHot(salt);
        return logProbabilities.mul(target).sum(new int[] {1}).mean().neg();
    }

    static Shape checkLogits(NDArray logits) {
        Shape shape = logits.getShape();
        if (shape.dimension() != 4 || shape.get(1) != 2) {
            throw new IllegalArgumentException("logits must be [N,2,H,W], got " + shape);
        }
        return shape;
    }
}

package org.tgssalt.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * Topology-aware loss (Mosinska et al., CVPR 2018) as the reference uses it: the salt probability
 * map and the label, each repeated to 3 channels and <em>not</em> normalised, go through frozen
 * VGG19 ({@link Vgg19Features}); the loss is the sum over conv1_2, conv2_2 and conv3_4 (before
 * ReLU) of the mean squared difference of the two feature maps.
 *
 * <p>Gradients flow to the prediction only; the label's features are computed from a constant.
 * Does not own the VGG19 weights. Thread-safe as far as the arrays passed in are.
 */
public final class TopologyLoss {
    private final Vgg19Features vgg;

    /** @param vgg the frozen feature extractor; the caller closes it after the last use */
    public TopologyLoss(Vgg19Features vgg) {
        this.vgg = Objects.requireNonNull(vgg, "vgg");
    }

    /**
     * Evaluates the loss.
     *
     * @param saltProbability {@code [N,1,H,W]}, the softmax probability of salt
     * @param labels {@code [N,H,W]} or {@code [N,1,H,W]}, class ids 0 and 1
     * @return a scalar, attached to the manager of {@code saltProbability}
     */
    public NDArray evaluate(NDArray saltProbability, NDArray labels) {
        Shape shape = saltProbability.getShape();
        if (shape.dimension() != 4 || shape.get(1) != 1) {
            throw new IllegalArgumentException(
                    "salt probability must be [N,1,H,W], got " + shape);
        }
        NDArray salt = SegmentationLabels.asSaltMap(
                labels, saltProbability, shape.get(0), shape.get(2), shape.get(3));
        NDList predicted = vgg.features(saltProbability.repeat(1, 3));
        NDList target = vgg.features(salt.repeat(1, 3));
        NDArray loss = null;
        for (int i = 0; i < predicted.size(); i++) {
            NDArray mse = predicted.get(i).sub(target.get(i)).square().mean();
            loss = loss == null ? mse : loss.add(mse);
        }
        return loss;
    }
}

package org.tgssalt.train.loss;

/**
 * The parts of one {@link SaltLoss} evaluation as plain numbers, for logs and histories.
 *
 * @param total the weighted sum that is minimised
 * @param crossEntropy cross-entropy of the main output
 * @param lovasz Lovász-softmax of the main output
 * @param auxiliary unweighted segmentation loss (cross-entropy + Lovász) of the auxiliary output
 * @param topology unweighted topology loss, {@code NaN} when the topology term is off
 */
public record LossValues(
        float total, float crossEntropy, float lovasz, float auxiliary, float topology) {

    /** Whether the topology term was part of the loss. */
    public boolean hasTopology() {
        return !Float.isNaN(topology);
    }
}

package org.tgssalt.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Optional;

/**
 * The parts of one {@link SaltLoss} evaluation as scalar NDArrays, attached to the manager of the
 * network output (close that manager, e.g. the per-step sub-manager, to free them). Call
 * {@code backward} on {@link #total()}; {@link #values()} copies the numbers out.
 *
 * @param total the weighted sum that is minimised
 * @param crossEntropy cross-entropy of the main output
 * @param lovasz Lovász-softmax of the main output
 * @param auxiliary unweighted segmentation loss (cross-entropy + Lovász) of the auxiliary output
 * @param topology unweighted topology loss, or {@code null} when the topology term is off
 */
public record SaltLossParts(
        NDArray total, NDArray crossEntropy, NDArray lovasz, NDArray auxiliary, NDArray topology) {

    /** The topology loss, empty when the topology term is off. */
    public Optional<NDArray> topologyLoss() {
        return Optional.ofNullable(topology);
    }

    /** Copies the parts out as floats (one device synchronisation per part). */
    public LossValues values() {
        return new LossValues(
                scalar(total),
                scalar(crossEntropy),
                scalar(lovasz),
                scalar(auxiliary),
                topology == null ? Float.NaN : scalar(topology));
    }

    private static float scalar(NDArray array) {
        return array.toType(DataType.FLOAT32, false).getFloat();
    }
}

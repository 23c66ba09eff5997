package org.tgssalt.train.loss;

/**
 * Weights of the terms of {@link SaltLoss}: {@code total = seg(main) + auxiliary * seg(aux) +
 * topology * topologyLoss}.
 *
 * @param auxiliary weight of the auxiliary head's segmentation loss
 * @param topology weight of the topology-aware loss (ignored when the loss has no VGG19)
 */
public record LossWeights(float auxiliary, float topology) {

    /** The reference weights: auxiliary 0.4, topology 0.05. */
    public static final LossWeights REFERENCE = new LossWeights(0.4f, 0.05f);

    /** @throws IllegalArgumentException when a weight is negative or not finite */
    public LossWeights {
        check("auxiliary", auxiliary);
        check("topology", topology);
    }

    private static void check(String name, float weight) {
        if (!Float.isFinite(weight) || weight < 0f) {
            throw new IllegalArgumentException(
                    name + " loss weight must be a finite number >= 0, got " + weight);
        }
    }
}

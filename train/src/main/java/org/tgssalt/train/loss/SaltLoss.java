package org.tgssalt.train.loss;

import ai.djl.ndarray.NDArray;
import java.util.Objects;
import org.tgssalt.train.model.ScalarOperand;
import java.util.Optional;

/**
 * The reference training loss: {@code total = seg(main) + 0.4 * seg(aux) + 0.05 * topology}, where
 * {@code seg = cross-entropy + Lovász-softmax} and topology is {@link TopologyLoss} on the main
 * output's salt probability (left out when no VGG19 weights are available).
 *
 * <pre>{@code
 * SaltLoss loss = new SaltLoss(LossWeights.REFERENCE, null); // no topology term
 * try (NDManager step = manager.newSubManager();
 *      GradientCollector collector = Engine.getInstance().newGradientCollector()) {
 *     NDList out = net.forward(parameterStore, new NDList(images), true);
 *     SaltLossParts parts = loss.evaluate(out.get(0), out.get(1), labels);
 *     collector.backward(parts.total());
 * }
 * }</pre>
 *
 * <p>Does not own the topology loss's VGG19 weights: whoever made them closes them. Thread-safe as
 * far as the arrays passed in are.
 */
public final class SaltLoss {
    private final LossWeights weights;
    private final TopologyLoss topology;
    private final SoftmaxCrossEntropy2d crossEntropy = new SoftmaxCrossEntropy2d();
    private final LovaszSoftmaxLoss lovasz = new LovaszSoftmaxLoss();

    /**
     * @param weights term weights, {@link LossWeights#REFERENCE} for the reference
     * @param topology the topology loss, or {@code null} to train without it
     */
    public SaltLoss(LossWeights weights, TopologyLoss topology) {
        this.weights = Objects.requireNonNull(weights, "weights");
        this.topology = topology;
    }

    /** The term weights. */
    public LossWeights weights() {
        return weights;
    }

    /** The topology loss, empty when the topology term is off. */
    public Optional<TopologyLoss> topology() {
        return Optional.ofNullable(topology);
    }

    /**
     * Evaluates every part and the total.
     *
     * @param logits main output {@code [N,2,H,W]}
     * @param auxiliaryLogits auxiliary head output {@code [N,2,H,W]}
     * @param labels {@code [N,H,W]} or {@code [N,1,H,W]}, class ids 0 and 1
     * @return the parts, attached to the manager of {@code logits}
     */
    public SaltLossParts evaluate(NDArray logits, NDArray auxiliaryLogits, NDArray labels) {
        NDArray probabilities = logits.softmax(1);
        NDArray mainCrossEntropy = crossEntropy.evaluate(logits, labels);
        NDArray mainLovasz = lovasz.evaluateProbabilities(probabilities, labels);
        NDArray auxiliary = crossEntropy.evaluate(auxiliaryLogits, labels)
                .add(lovasz.evaluate(auxiliaryLogits, labels));
        // Term weights go in as ScalarOperand: autograd keeps them for the backward pass (see its Javadoc).
        NDArray total = mainCrossEntropy.add(mainLovasz)
                .add(auxiliary.mul(ScalarOperand.of(auxiliary, weights.auxiliary())));
        NDArray topologyLoss = null;
        if (topology != null) {
            topologyLoss = topology.evaluate(probabilities.get(":, 1:2"), labels);
            total = total.add(topologyLoss.mul(ScalarOperand.of(topologyLoss, weights.topology())));
        }
        return new SaltLossParts(total, mainCrossEntropy, mainLovasz, auxiliary, topologyLoss);
    }
}

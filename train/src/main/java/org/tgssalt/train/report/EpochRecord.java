package org.tgssalt.train.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * One epoch of training as written to {@code history.csv}: mean training loss parts over the epoch's
 * samples, the validation score and the learning rate. Losses that were not computed are {@code NaN}
 * (the topology term when it is off).
 *
 * @param epoch the epoch, 1-based
 * @param learningRate the main group's learning rate during the epoch
 * @param loss mean total loss
 * @param crossEntropy mean cross-entropy of the main output
 * @param lovasz mean Lovász-softmax of the main output
 * @param auxiliary mean unweighted auxiliary segmentation loss
 * @param topology mean unweighted topology loss, NaN when off
 * @param validationMap validation mAP (competition metric, 101x101, flip TTA)
 * @param trainSeconds wall time of the training pass
 * @param imagesPerSecond training throughput
 * @param skippedSteps training steps whose update was skipped because a gradient was not finite
 * @see #builder()
 */
@JsonPropertyOrder({"epoch", "learningRate", "loss", "crossEntropy", "lovasz", "auxiliary", "topology",
        "validationMap", "trainSeconds", "imagesPerSecond", "skippedSteps"})
public record EpochRecord(int epoch, double learningRate, double loss, double crossEntropy, double lovasz,
                          double auxiliary, double topology, double validationMap, double trainSeconds,
                          double imagesPerSecond, int skippedSteps) {
    /**
     * A builder that names every value; all must be set except {@link Builder#topology} (default NaN: the
     * term was off) and {@link Builder#skippedSteps} (default 0):
     *
     * <pre>{@code
     * EpochRecord e = EpochRecord.builder().epoch(1).learningRate(1e-3).loss(1.2).crossEntropy(0.6).lovasz(0.5)
     *         .auxiliary(0.25).validationMap(0.7).trainSeconds(30).imagesPerSecond(12).build();
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link EpochRecord}; {@link #build()} names a value left unset. Not thread-safe. */
    public static final class Builder {
        private Integer epoch;
        private Double learningRate;
        private Double loss;
        private Double crossEntropy;
        private Double lovasz;
        private Double auxiliary;
        private double topology = Double.NaN;
        private Double validationMap;
        private Double trainSeconds;
        private Double imagesPerSecond;
        private int skippedSteps;

        private Builder() {}

        /** The epoch, 1-based. */
        public Builder epoch(int value) {
            epoch = value;
            return this;
        }

        /** The main group's learning rate during the epoch. */
        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        /** Mean total loss. */
        public Builder loss(double value) {
            loss = value;
            return this;
        }

        /** Mean cross-entropy of the main output. */
        public Builder crossEntropy(double value) {
            crossEntropy = value;
            return this;
        }

        /** Mean Lovász-softmax of the main output. */
        public Builder lovasz(double value) {
            lovasz = value;
            return this;
        }

        /** Mean unweighted auxiliary segmentation loss. */
        public Builder auxiliary(double value) {
            auxiliary = value;
            return this;
        }

        /** Mean unweighted topology loss; default NaN (off). */
        public Builder topology(double value) {
            topology = value;
            return this;
        }

        /** Validation mAP. */
        public Builder validationMap(double value) {
            validationMap = value;
            return this;
        }

        /** Wall time of the training pass. */
        public Builder trainSeconds(double value) {
            trainSeconds = value;
            return this;
        }

        /** Training throughput. */
        public Builder imagesPerSecond(double value) {
            imagesPerSecond = value;
            return this;
        }

        /** Steps skipped for a gradient that was not finite; default 0. */
        public Builder skippedSteps(int value) {
            skippedSteps = value;
            return this;
        }

        /** The record. @throws NullPointerException naming a value left unset */
        public EpochRecord build() {
            return new EpochRecord(set(epoch, "epoch"), set(learningRate, "learningRate"), set(loss, "loss"),
                    set(crossEntropy, "crossEntropy"), set(lovasz, "lovasz"), set(auxiliary, "auxiliary"), topology,
                    set(validationMap, "validationMap"), set(trainSeconds, "trainSeconds"),
                    set(imagesPerSecond, "imagesPerSecond"), skippedSteps);
        }

        private static <T> T set(T value, String name) {
            return Objects.requireNonNull(value, () -> "EpochRecord." + name + " is not set");
        }
    }
}

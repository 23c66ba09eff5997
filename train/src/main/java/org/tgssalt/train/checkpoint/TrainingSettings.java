package org.tgssalt.train.checkpoint;

import java.util.Objects;
import org.tgssalt.train.model.BatchNormInit;

/**
 * How a fold was trained, as recorded in {@code checkpoint.json}.
 *
 * @param epochs epochs planned for this run
 * @param batchSize samples per training batch
 * @param learningRate base learning rate of the main parameter group
 * @param guidedUpsamplingRateFactor multiplier of the guided upsampling module's learning rate (0.1)
 * @param weightDecay L2 weight decay added to the gradient
 * @param schedule {@code step} or {@code cosine}
 * @param cycles cosine restarts over the run (ignored by {@code step})
 * @param seed seed of the epoch shuffles and the augmentation
 * @param splitSeed seed of the fold split
 * @param augment whether the training samples were augmented
 * @param limit how many training ids were used (the first N), or 0 for all
 * @param device the device trained on, e.g. {@code cpu()} or {@code gpu(0)}
 * @param resumedFrom the checkpoint this run started from, or {@code null}
 * @param batchNormInit how batch-norm scales started ({@code uniform}: U(0,1) as the reference, or {@code ones});
 *     {@code null} in checkpoints written before the choice existed, which started at ones
 * @see #builder()
 */
public record TrainingSettings(int epochs, int batchSize, double learningRate, double guidedUpsamplingRateFactor,
                               double weightDecay, String schedule, int cycles, long seed, long splitSeed,
                               boolean augment, int limit, String device, String resumedFrom,
                               BatchNormInit batchNormInit) {
    /** The same settings, recorded as started from {@code checkpoint} (or from nothing when {@code null}). */
    public TrainingSettings withResumedFrom(String checkpoint) {
        return new TrainingSettings(epochs, batchSize, learningRate, guidedUpsamplingRateFactor, weightDecay, schedule,
                cycles, seed, splitSeed, augment, limit, device, checkpoint, batchNormInit);
    }

    /**
     * A builder that names every setting. Every one must be set except {@link Builder#limit} (default 0: all
     * ids) and {@link Builder#resumedFrom} (default none):
     *
     * <pre>{@code
     * TrainingSettings s = TrainingSettings.builder().epochs(3).batchSize(40).learningRate(1e-3)
     *         .guidedUpsamplingRateFactor(0.1).weightDecay(1e-4).schedule("step").cycles(1).seed(7)
     *         .splitSeed(1234).augment(true).device("cpu()").batchNormInit(BatchNormInit.UNIFORM).build();
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link TrainingSettings}; {@link #build()} names a setting left unset. Not thread-safe. */
    public static final class Builder {
        private Integer epochs;
        private Integer batchSize;
        private Double learningRate;
        private Double guidedUpsamplingRateFactor;
        private Double weightDecay;
        private String schedule;
        private Integer cycles;
        private Long seed;
        private Long splitSeed;
        private Boolean augment;
        private int limit;
        private String device;
        private String resumedFrom;
        private BatchNormInit batchNormInit;

        private Builder() {}

        /** Epochs planned for the run. */
        public Builder epochs(int value) {
            epochs = value;
            return this;
        }

        /** Samples per training batch. */
        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        /** Base learning rate of the main parameter group. */
        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        /** Multiplier of the guided upsampling module's learning rate. */
        public Builder guidedUpsamplingRateFactor(double value) {
            guidedUpsamplingRateFactor = value;
            return this;
        }

        /** L2 weight decay added to the gradient. */
        public Builder weightDecay(double value) {
            weightDecay = value;
            return this;
        }

        /** {@code step} or {@code cosine}. */
        public Builder schedule(String value) {
            schedule = value;
            return this;
        }

        /** Cosine restarts over the run. */
        public Builder cycles(int value) {
            cycles = value;
            return this;
        }

        /** Seed of the epoch shuffles and the augmentation. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** Seed of the fold split. */
        public Builder splitSeed(long value) {
            splitSeed = value;
            return this;
        }

        /** Whether training samples are augmented. */
        public Builder augment(boolean value) {
            augment = value;
            return this;
        }

        /** Use only the first {@code value} training ids; 0 (the default) for all. */
        public Builder limit(int value) {
            limit = value;
            return this;
        }

        /** The device trained on, e.g. {@code cpu()}. */
        public Builder device(String value) {
            device = value;
            return this;
        }

        /** The checkpoint the run started from; default none (null). */
        public Builder resumedFrom(String value) {
            resumedFrom = value;
            return this;
        }

        /** How batch-norm scales started. */
        public Builder batchNormInit(BatchNormInit value) {
            batchNormInit = value;
            return this;
        }

        /** The settings. @throws NullPointerException naming a setting left unset */
        public TrainingSettings build() {
            return new TrainingSettings(set(epochs, "epochs"), set(batchSize, "batchSize"),
                    set(learningRate, "learningRate"), set(guidedUpsamplingRateFactor, "guidedUpsamplingRateFactor"),
                    set(weightDecay, "weightDecay"), set(schedule, "schedule"), set(cycles, "cycles"),
                    set(seed, "seed"), set(splitSeed, "splitSeed"), set(augment, "augment"), limit,
                    set(device, "device"), resumedFrom, set(batchNormInit, "batchNormInit"));
        }

        private static <T> T set(T value, String name) {
            return Objects.requireNonNull(value, () -> "TrainingSettings." + name + " is not set");
        }
    }
}

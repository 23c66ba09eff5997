package org.tgssalt.train.checkpoint;

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
}

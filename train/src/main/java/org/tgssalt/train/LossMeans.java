package org.tgssalt.train;

import org.tgssalt.train.loss.LossValues;

/** Sample-weighted means of the loss parts over an epoch. */
final class LossMeans {
    private double total;
    private double crossEntropy;
    private double lovasz;
    private double auxiliary;
    private double topology;
    private int samples;

    /** Adds one batch's losses (batch means) weighted by its size. */
    void add(LossValues v, int batchSize) {
        total += (double) v.total() * batchSize;
        crossEntropy += (double) v.crossEntropy() * batchSize;
        lovasz += (double) v.lovasz() * batchSize;
        auxiliary += (double) v.auxiliary() * batchSize;
        topology += (double) v.topology() * batchSize;
        samples += batchSize;
    }

    /** Samples added. */
    int samples() {
        return samples;
    }

    /** The means; NaN topology stays NaN. */
    LossValues mean() {
        double n = Math.max(1, samples);
        return new LossValues((float) (total / n), (float) (crossEntropy / n), (float) (lovasz / n),
                (float) (auxiliary / n), (float) (topology / n));
    }
}

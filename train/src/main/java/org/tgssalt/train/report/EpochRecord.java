package org.tgssalt.train.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

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
 */
@JsonPropertyOrder({"epoch", "learningRate", "loss", "crossEntropy", "lovasz", "auxiliary", "topology",
        "validationMap", "trainSeconds", "imagesPerSecond", "skippedSteps"})
public record EpochRecord(int epoch, double learningRate, double loss, double crossEntropy, double lovasz,
                          double auxiliary, double topology, double validationMap, double trainSeconds,
                          double imagesPerSecond, int skippedSteps) {}

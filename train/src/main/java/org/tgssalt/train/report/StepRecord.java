package org.tgssalt.train.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One row of {@code steps.csv}.
 *
 * @param epoch the epoch, 1-based
 * @param step the step within the epoch, 1-based
 * @param samples samples in the batch
 * @param loss total loss of the batch, before the update
 * @param crossEntropy main output's cross-entropy
 * @param lovasz main output's Lovász-softmax loss
 * @param auxiliary auxiliary head's cross-entropy + Lovász (unweighted)
 * @param topology topology loss (unweighted), NaN when off
 * @param gradientNorm L2 norm of every trainable gradient
 * @param learningRate main group's learning rate
 * @param applied whether the update was applied (false: a gradient was not finite, the step was skipped)
 */
@JsonPropertyOrder({"epoch", "step", "samples", "loss", "crossEntropy", "lovasz", "auxiliary", "topology",
    "gradientNorm", "learningRate", "applied"})
public record StepRecord(int epoch, int step, int samples, double loss, double crossEntropy, double lovasz,
                         double auxiliary, double topology, double gradientNorm, double learningRate,
                         boolean applied) {}

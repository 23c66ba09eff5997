package org.tgssalt.train;

import org.tgssalt.train.loss.LossValues;

/**
 * What one {@link TrainingStep} did.
 *
 * @param losses the loss parts before the update
 * @param gradientNorm the L2 norm of all trainable parameters' gradients (weight decay not included);
 *     infinite or NaN when a gradient was not finite
 * @param applied whether the parameters were updated (false when a gradient was not finite)
 */
public record StepOutcome(LossValues losses, double gradientNorm, boolean applied) {}

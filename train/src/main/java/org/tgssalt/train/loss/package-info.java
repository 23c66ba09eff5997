/**
 * Training losses of the reference system: 2-class softmax cross-entropy
 * ({@link org.tgssalt.train.loss.SoftmaxCrossEntropy2d}), Lovász-softmax
 * ({@link org.tgssalt.train.loss.LovaszSoftmaxLoss}), the topology-aware loss on frozen VGG19
 * features ({@link org.tgssalt.train.loss.TopologyLoss}, {@link org.tgssalt.train.loss.Vgg19Features},
 * {@link org.tgssalt.train.loss.Vgg19WeightsFile}) and their weighted sum
 * ({@link org.tgssalt.train.loss.SaltLoss}).
 *
 * <p>All losses are plain functions of NDArrays built from differentiable DJL operators, so a
 * {@code GradientCollector} sees through them. None of them owns native memory except
 * {@link org.tgssalt.train.loss.Vgg19Features}, which owns its weights.
 */
package org.tgssalt.train.loss;

/**
 * The optimiser: PyTorch's Adam as a DJL {@code Optimizer} whose state (moments and step counts) can be saved
 * with a training run and restored when the run continues.
 */
package org.tgssalt.train.optimizer;

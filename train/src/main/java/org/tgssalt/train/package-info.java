/**
 * K-fold training of the salt network: the {@code train} command, its options, device selection, the
 * per-fold loop ({@link org.tgssalt.train.FoldTrainer}) with where a fold starts (fresh, continued, finished),
 * one optimisation step and flip-TTA validation.
 */
package org.tgssalt.train;

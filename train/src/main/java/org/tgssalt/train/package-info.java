/**
 * K-fold training of the salt network: the {@code train} command, its options, device selection, the
 * per-fold loop ({@link org.tgssalt.train.FoldTrainer}), one optimisation step and flip-TTA validation.
 */
package org.tgssalt.train;

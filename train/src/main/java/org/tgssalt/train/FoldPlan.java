package org.tgssalt.train;

import java.util.List;

/**
 * The ids one fold trains and validates on.
 *
 * @param fold the fold, 1-based
 * @param folds number of folds of the split
 * @param trainingIds ids trained on
 * @param validationIds held-out ids scored after each epoch
 */
public record FoldPlan(int fold, int folds, List<String> trainingIds, List<String> validationIds) {
    public FoldPlan {
        trainingIds = List.copyOf(trainingIds);
        validationIds = List.copyOf(validationIds);
        if (trainingIds.size() < 2) {
            throw new IllegalArgumentException("fold " + fold + " needs at least 2 training samples, got "
                    + trainingIds.size());
        }
        if (validationIds.isEmpty()) {
            throw new IllegalArgumentException("fold " + fold + " has no validation samples");
        }
    }

    /** The directory name of the fold, {@code fold-K}. */
    public String directoryName() {
        return "fold-" + fold;
    }
}

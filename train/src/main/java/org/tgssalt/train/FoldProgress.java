package org.tgssalt.train;

import java.util.ArrayList;
import java.util.List;
import org.tgssalt.train.report.EpochRecord;

/**
 * Where a fold's training stands after its completed epochs: their history, the best epoch so far (1-based, 0 before
 * any) with its validation score, and how many rows of {@code steps.csv} they wrote. Immutable.
 *
 * @param history the completed epochs, in order
 * @param bestEpoch the epoch with the highest validation score, 0 before any epoch
 * @param bestScore its score, negative infinity before any epoch
 * @param stepRows training steps logged by the completed epochs
 */
record FoldProgress(List<EpochRecord> history, int bestEpoch, double bestScore, long stepRows) {
    FoldProgress {
        history = List.copyOf(history);
    }

    /** Before the first epoch. */
    static FoldProgress start() {
        return new FoldProgress(List.of(), 0, Double.NEGATIVE_INFINITY, 0);
    }

    /** Epochs completed. */
    int epochsCompleted() {
        return history.size();
    }

    /** Whether an epoch scoring {@code score} becomes the best (a tie keeps the earlier epoch; NaN never wins). */
    boolean improvedBy(double score) {
        return score > bestScore;
    }

    /** The progress after one more epoch that logged {@code steps} step rows. */
    FoldProgress after(EpochRecord record, int steps) {
        List<EpochRecord> next = new ArrayList<>(history);
        next.add(record);
        boolean best = improvedBy(record.validationMap());
        return new FoldProgress(next, best ? record.epoch() : bestEpoch, best ? record.validationMap() : bestScore,
                stepRows + steps);
    }
}

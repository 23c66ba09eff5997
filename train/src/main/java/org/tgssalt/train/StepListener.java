package org.tgssalt.train;

/**
 * Told after every training step; tests use it to stop a run in the middle of an epoch, as a kill would.
 */
@FunctionalInterface
interface StepListener {
    /** Listens to nothing. */
    StepListener NONE = (fold, epoch, step) -> { };

    /**
     * @param fold the fold, 1-based
     * @param epoch the epoch, 1-based
     * @param step the step within the epoch, 1-based
     */
    void stepDone(int fold, int epoch, int step);
}

package org.tgssalt.train.datacheck;

import java.util.List;

/**
 * The outcome of {@link DatasetCheck#run()}: what was looked at and every problem found, each one
 * line naming the file (and line) at fault.
 *
 * @param trainImages train images found
 * @param trainMasks train masks found
 * @param csvRows rows in {@code train.csv}
 * @param testImages test images found
 * @param problems every mismatch, in a stable order; empty when the dataset is consistent
 */
public record ConsistencyReport(int trainImages, int trainMasks, int csvRows, int testImages, List<String> problems) {
    public ConsistencyReport {
        problems = List.copyOf(problems);
    }

    /** True when no problem was found. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** One line of counts, e.g. for the command line. */
    public String summary() {
        return trainImages + " train images, " + trainMasks + " train masks, " + csvRows + " train.csv rows, "
                + testImages + " test images, " + problems.size() + (problems.size() == 1 ? " problem" : " problems");
    }
}

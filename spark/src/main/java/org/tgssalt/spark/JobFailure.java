package org.tgssalt.spark;

import org.apache.spark.SparkException;
import org.tgssalt.InputException;

/**
 * The driver's one-line account of a failed Spark job. Spark reports a task's exception as the cause of
 * its own, whose message holds the task's whole stack trace; the user needs the first line of what went
 * wrong.
 */
final class JobFailure {
    private JobFailure() {}

    /**
     * The {@link InputException} a task threw (it names the image or model file), found among the causes
     * of {@code e}; else, for a Spark job failure, an exception whose message is the first line of the
     * deepest cause's, with {@code e} as its cause; else {@code e} itself.
     */
    static RuntimeException explain(Exception e) {
        Throwable deepest = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InputException input) {
                return input;
            }
            deepest = t;
        }
        if (!(e instanceof SparkException) && e instanceof RuntimeException r) {
            return r;
        }
        String message = deepest.getMessage() == null ? deepest.getClass().getName() : deepest.getMessage();
        int newline = message.indexOf('\n');
        return new IllegalStateException("the Spark job failed: "
                + (newline < 0 ? message : message.substring(0, newline)), e);
    }
}

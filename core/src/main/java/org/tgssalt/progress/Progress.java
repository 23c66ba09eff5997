package org.tgssalt.progress;

/**
 * Progress of one long task (an epoch, a scoring run). Not thread-safe unless the implementation
 * says so; close it when the task ends.
 */
public interface Progress extends AutoCloseable {
    /** Advances by {@code n} units. */
    void step(long n);

    /** Replaces the short status text shown beside the bar (loss, images/s). */
    void status(String text);

    @Override
    void close();
}

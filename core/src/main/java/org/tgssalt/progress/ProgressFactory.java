package org.tgssalt.progress;

import java.util.ServiceLoader;

/**
 * Makes {@link Progress} displays. The runtime's own is {@link PlainProgress} (periodic lines on
 * stderr); the {@code app} module registers a terminal progress bar as a service, which
 * {@link #find()} prefers when standard error is a terminal.
 */
public interface ProgressFactory {
    /**
     * @param task a short name ("score", "fold 3 epoch 7")
     * @param total units to do, or -1 when unknown
     * @param unit the unit's name ("img")
     */
    Progress start(String task, long total, String unit);

    /** True when this display suits the current process (e.g. a terminal is attached). */
    default boolean usable() {
        return true;
    }

    /** The first usable registered factory, else plain periodic lines on stderr. */
    static ProgressFactory find() {
        for (ProgressFactory f : ServiceLoader.load(ProgressFactory.class)) {
            if (f.usable()) {
                return f;
            }
        }
        return PlainProgress.FACTORY;
    }
}

package org.tgssalt.spark;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.tgssalt.ensemble.FoldEnsemble;

/**
 * One {@link FoldEnsemble} shared by every task of an executor JVM, with its local model files. Tasks
 * score under a read lock, so that closing at JVM exit (under the write lock) never frees a session a
 * task is running; the thresholding and the facts need no native session and take no lock.
 * Thread-safe.
 */
final class SharedEnsemble {
    private final FoldEnsemble ensemble;
    private final ModelLocation.Local models;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    SharedEnsemble(FoldEnsemble ensemble, ModelLocation.Local models) {
        this.ensemble = ensemble;
        this.models = models;
    }

    /** The mean probabilities of a batch ({@link FoldEnsemble#probabilities(float[][])}). */
    float[][] probabilities(float[][] images) {
        lock.readLock().lock();
        try {
            return ensemble.probabilities(images);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The ensemble, for {@link FoldEnsemble#threshold(float[])} and what it reports about itself. */
    FoldEnsemble ensemble() {
        return ensemble;
    }

    /**
     * Closes the sessions and deletes a model copy, once no task is scoring. Gives up after
     * {@code seconds} (a task stuck in a graph call at JVM exit), leaving the memory to the exiting process.
     *
     * @return whether it closed
     */
    boolean close(long seconds) throws InterruptedException {
        if (!lock.writeLock().tryLock(seconds, TimeUnit.SECONDS)) {
            return false;
        }
        try {
            ensemble.close();
        } finally {
            lock.writeLock().unlock();
            models.close();
        }
        return true;
    }
}

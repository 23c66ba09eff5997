package org.tgssalt.train.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Serves the batches of one pass over the data, decoding, augmenting and encoding them on a worker pool
 * ahead of the training thread. At most {@code prefetch} batches are in flight or waiting; batches come
 * out in plan order whatever order the workers finish them in.
 *
 * <p>Augmentation is seeded per sample from the epoch's seeds and the position in the pass
 * ({@link EpochSeeds#sample}), so a pass is reproducible regardless of thread scheduling.
 *
 * <pre>{@code
 * try (TrainingBatches batches = new TrainingBatches(plan, source, encoder, augmentation, seeds, workers, 4)) {
 *     while (batches.hasNext()) { HostBatch b = batches.next(); ... }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one consumer thread. Does not own the executor; {@link #close()} cancels the
 * batches still pending.
 */
public final class TrainingBatches implements Iterator<HostBatch>, AutoCloseable {
    private final List<List<String>> plan;
    private final SampleSource source;
    private final SampleEncoder encoder;
    private final Augmentation augmentation;
    private final EpochSeeds seeds;
    private final ExecutorService workers;
    private final Deque<Future<HostBatch>> pending = new ArrayDeque<>();
    private final int[] firstPosition;
    private int nextToSubmit;

    /**
     * @param plan the batches of this pass
     * @param source reads samples (called from worker threads)
     * @param encoder pads and normalises
     * @param augmentation the augmentation, or {@code null} to serve samples as they are (validation)
     * @param seeds the epoch's seeds, or {@code null} when there is no augmentation
     * @param workers the pool that prepares batches
     * @param prefetch batches prepared ahead, at least 1
     */
    public TrainingBatches(BatchPlan plan, SampleSource source, SampleEncoder encoder, Augmentation augmentation,
                           EpochSeeds seeds, ExecutorService workers, int prefetch) {
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1, got " + prefetch);
        }
        if (augmentation != null && seeds == null) {
            throw new IllegalArgumentException("augmentation needs the epoch's seeds");
        }
        this.plan = plan.batches();
        this.source = source;
        this.encoder = encoder;
        this.augmentation = augmentation;
        this.seeds = seeds;
        this.workers = workers;
        this.firstPosition = new int[this.plan.size()];
        for (int b = 1; b < this.plan.size(); b++) {
            firstPosition[b] = firstPosition[b - 1] + this.plan.get(b - 1).size();
        }
        while (nextToSubmit < this.plan.size() && pending.size() < prefetch) {
            submitNext();
        }
    }

    private void submitNext() {
        int index = nextToSubmit++;
        pending.addLast(workers.submit(() -> prepare(index)));
    }

    private HostBatch prepare(int index) throws IOException {
        List<String> ids = plan.get(index);
        List<TrainingSample> samples = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            TrainingSample sample = source.load(ids.get(i));
            if (augmentation != null) {
                sample = augmentation.apply(sample, new SplittableRandom(seeds.sample(firstPosition[index] + i)));
            }
            samples.add(sample);
        }
        return encoder.encode(samples);
    }

    @Override
    public boolean hasNext() {
        return !pending.isEmpty();
    }

    /**
     * Waits for the next batch.
     *
     * @throws UncheckedIOException when a sample could not be read
     * @throws RuntimeException what the worker threw (e.g. {@link org.tgssalt.InputException})
     */
    @Override
    public HostBatch next() {
        Future<HostBatch> head = pending.pollFirst();
        if (head == null) {
            throw new NoSuchElementException("no more batches");
        }
        if (nextToSubmit < plan.size()) {
            submitNext();
        }
        try {
            return head.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a batch");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Cancels the batches not yet taken. */
    @Override
    public void close() {
        for (Future<HostBatch> f : pending) {
            f.cancel(true);
        }
        pending.clear();
        nextToSubmit = plan.size();
    }
}

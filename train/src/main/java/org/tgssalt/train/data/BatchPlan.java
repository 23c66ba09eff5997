package org.tgssalt.train.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts an ordered id list into batches. A final partial batch is kept, except during training when it
 * holds a single sample: batch normalisation cannot compute training statistics from one sample, so
 * that one id is set aside and reported in {@link #droppedId()} (the caller logs it).
 *
 * @param batches the batches, in order
 * @param droppedId the id left out of this epoch, if any
 */
public record BatchPlan(List<List<String>> batches, Optional<String> droppedId) {
    public BatchPlan {
        batches = batches.stream().map(List::copyOf).toList();
    }

    /**
     * @param ids the ids in the order they should be served
     * @param batchSize samples per batch, positive
     * @param training whether the batches train the network (a lone last sample is then dropped)
     */
    public static BatchPlan of(List<String> ids, int batchSize, boolean training) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        List<List<String>> batches = new ArrayList<>();
        for (int start = 0; start < ids.size(); start += batchSize) {
            batches.add(ids.subList(start, Math.min(ids.size(), start + batchSize)));
        }
        Optional<String> dropped = Optional.empty();
        if (training && !batches.isEmpty() && batches.get(batches.size() - 1).size() == 1) {
            dropped = Optional.of(batches.remove(batches.size() - 1).get(0));
        }
        return new BatchPlan(batches, dropped);
    }

    /** Number of samples served. */
    public int samples() {
        return batches.stream().mapToInt(List::size).sum();
    }
}

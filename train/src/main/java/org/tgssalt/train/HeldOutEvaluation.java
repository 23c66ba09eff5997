package org.tgssalt.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.tgssalt.geometry.SymmetricPadding;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.oof.OutOfFoldProbabilities;
import org.tgssalt.train.data.BatchPlan;
import org.tgssalt.train.data.HostBatch;
import org.tgssalt.train.data.SampleEncoder;
import org.tgssalt.train.data.SampleSource;
import org.tgssalt.train.data.TrainingBatches;

/**
 * A fold's held-out ids seen through the network as it is now: their validation score ({@link ValidationScore}:
 * flip TTA through {@link Validator}, 101x101, threshold 0.5, the competition metric) and their out-of-fold
 * probabilities. Not thread-safe. Owns neither the validator nor the worker pool.
 */
final class HeldOutEvaluation {
    private static final int BATCH = 16;

    private final List<String> ids;
    private final Validator validator;
    private final SampleSource source;
    private final SampleEncoder encoder;
    private final ExecutorService workers;
    private final int prefetch;

    /**
     * @param ids the held-out ids
     * @param validator runs the network
     * @param source reads samples (from the workers)
     * @param encoder pads and normalises
     * @param workers prepares batches
     * @param prefetch batches prepared ahead
     */
    HeldOutEvaluation(List<String> ids, Validator validator, SampleSource source, SampleEncoder encoder,
                      ExecutorService workers, int prefetch) {
        this.ids = List.copyOf(ids);
        this.validator = validator;
        this.source = source;
        this.encoder = encoder;
        this.workers = workers;
        this.prefetch = prefetch;
    }

    /** The mean competition score of the held-out images. */
    double score() {
        ValidationScore score = new ValidationScore();
        int pixels = KaggleImage.PIXELS;
        try (TrainingBatches stream = batches()) {
            while (stream.hasNext()) {
                HostBatch batch = stream.next();
                float[] probabilities = validator.probabilities(batch);
                float[] truth = new float[batch.size() * pixels];
                for (int i = 0; i < batch.size(); i++) {
                    SymmetricPadding.KAGGLE.crop(batch.labels(), i * batch.side() * batch.side(), batch.side(),
                            batch.side(), truth, i * pixels);
                }
                score.add(probabilities, truth, pixels);
            }
        }
        return score.mean();
    }

    /** Writes the held-out images' probabilities into {@code dir} ({@link OutOfFoldProbabilities}). */
    void writeOutOfFold(Path dir) throws IOException {
        int pixels = KaggleImage.PIXELS;
        float[] all = new float[ids.size() * pixels];
        List<String> order = new ArrayList<>(ids.size());
        try (TrainingBatches stream = batches()) {
            while (stream.hasNext()) {
                HostBatch batch = stream.next();
                float[] probabilities = validator.probabilities(batch);
                System.arraycopy(probabilities, 0, all, order.size() * pixels, probabilities.length);
                order.addAll(batch.ids());
            }
        }
        OutOfFoldProbabilities.write(dir, order, all);
    }

    private TrainingBatches batches() {
        return new TrainingBatches(BatchPlan.of(ids, BATCH, false), source, encoder, null, null, workers, prefetch);
    }
}

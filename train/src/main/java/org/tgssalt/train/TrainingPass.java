package org.tgssalt.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import org.tgssalt.progress.Progress;
import org.tgssalt.progress.ProgressFactory;
import org.tgssalt.train.data.Augmentation;
import org.tgssalt.train.data.BatchPlan;
import org.tgssalt.train.data.EpochSeeds;
import org.tgssalt.train.data.HostBatch;
import org.tgssalt.train.data.SampleEncoder;
import org.tgssalt.train.data.SampleSource;
import org.tgssalt.train.data.TrainingBatches;
import org.tgssalt.train.loss.LossValues;
import org.tgssalt.train.report.StepLog;
import org.tgssalt.train.report.StepRecord;

/**
 * The training half of an epoch: the fold's training ids in the epoch's shuffled order ({@link EpochSeeds#order}),
 * augmented per sample, in batches prepared on worker threads, one {@link TrainingStep} per batch; each step is
 * logged to {@code steps.csv}, watched for jumps, shown on the progress display and told to the step listener.
 * Not thread-safe. Owns none of what it is given.
 */
final class TrainingPass {
    private final SampleSource source;
    private final SampleEncoder encoder;
    private final Augmentation augmentation;
    private final int batchSize;
    private final int epochs;
    private final int prefetch;
    private final ProgressFactory progress;
    private final PrintStream log;
    private final StepListener stepListener;

    /**
     * What one pass did.
     *
     * @param mean sample-weighted mean losses
     * @param samples samples trained on
     * @param steps optimisation steps (rows added to {@code steps.csv})
     */
    record Outcome(LossValues mean, int samples, int steps) {}

    /**
     * @param source reads samples (from the workers)
     * @param encoder pads and normalises
     * @param augmentation the augmentation, or {@code null} for none
     * @param batchSize samples per batch
     * @param epochs epochs of the run, for the progress display
     * @param prefetch batches prepared ahead
     * @param progress the progress display
     * @param log one-line messages
     * @param stepListener told after every step
     */
    TrainingPass(SampleSource source, SampleEncoder encoder, Augmentation augmentation, int batchSize, int epochs,
                 int prefetch, ProgressFactory progress, PrintStream log, StepListener stepListener) {
        this.source = source;
        this.encoder = encoder;
        this.augmentation = augmentation;
        this.batchSize = batchSize;
        this.epochs = epochs;
        this.prefetch = prefetch;
        this.progress = progress;
        this.log = log;
        this.stepListener = stepListener;
    }

    /** Trains one pass of {@code plan}'s training ids with the epoch's {@code seeds}. */
    Outcome run(FoldPlan plan, EpochSeeds seeds, TrainingStep step, StepLog steps, LossJumpMonitor monitor,
                ExecutorService workers) {
        String name = plan.directoryName();
        int epoch = seeds.epoch() + 1;
        List<String> order = new ArrayList<>(plan.trainingIds());
        Collections.shuffle(order, new Random(seeds.order()));
        BatchPlan batches = BatchPlan.of(order, batchSize, true);
        batches.droppedId().ifPresent(id -> log.println(name + " epoch " + epoch + ": " + id
                + " left out of this epoch (a batch of one cannot train batch normalisation)"));
        LossMeans means = new LossMeans();
        String task = String.format(Locale.ROOT, "%s epoch %d/%d", name, epoch, epochs);
        long start = System.nanoTime();
        int index = 0;
        try (Progress bar = progress.start(task, batches.samples(), "img");
                TrainingBatches stream = new TrainingBatches(batches, source, encoder, augmentation, seeds, workers,
                        prefetch)) {
            while (stream.hasNext()) {
                HostBatch batch = stream.next();
                StepOutcome outcome = step.run(batch);
                LossValues values = outcome.losses();
                index++;
                steps.add(new StepRecord(epoch, index, batch.size(), values.total(), values.crossEntropy(),
                        values.lovasz(), values.auxiliary(), values.topology(), outcome.gradientNorm(),
                        step.learningRate(), outcome.applied()));
                monitor.observe(name + " epoch " + epoch + " step " + index, values.total(), outcome.gradientNorm())
                        .ifPresent(log::println);
                means.add(values, batch.size());
                bar.step(batch.size());
                double rate = means.samples() / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
                bar.status(String.format(Locale.ROOT, "loss %.4f, %.1f img/s", means.mean().total(), rate));
                stepListener.stepDone(plan.fold(), epoch, index);
            }
        }
        return new Outcome(means.mean(), means.samples(), index);
    }
}

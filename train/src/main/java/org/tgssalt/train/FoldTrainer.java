package org.tgssalt.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.tgssalt.geometry.SymmetricPadding;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.io.Sha256;
import org.tgssalt.oof.OutOfFoldProbabilities;
import org.tgssalt.progress.Progress;
import org.tgssalt.progress.ProgressFactory;
import org.tgssalt.train.checkpoint.CheckpointInfo;
import org.tgssalt.train.checkpoint.Checkpoints;
import org.tgssalt.train.checkpoint.LibraryVersions;
import org.tgssalt.train.checkpoint.ParameterTransfer;
import org.tgssalt.train.checkpoint.TopologyState;
import org.tgssalt.train.data.Augmentation;
import org.tgssalt.train.data.BatchPlan;
import org.tgssalt.train.data.HostBatch;
import org.tgssalt.train.data.SampleEncoder;
import org.tgssalt.train.data.SampleSource;
import org.tgssalt.train.data.TrainingBatches;
import org.tgssalt.train.loss.LossValues;
import org.tgssalt.train.loss.LossWeights;
import org.tgssalt.train.loss.SaltLoss;
import org.tgssalt.train.loss.TopologyLoss;
import org.tgssalt.train.loss.Vgg19Features;
import org.tgssalt.train.loss.Vgg19WeightsFile;
import org.tgssalt.train.model.BatchNormInit;
import org.tgssalt.train.model.SaltNet;
import org.tgssalt.train.report.CurvesPlot;
import org.tgssalt.train.report.EpochRecord;
import org.tgssalt.train.report.StepLog;
import org.tgssalt.train.report.StepRecord;
import org.tgssalt.train.report.TrainingHistory;

/**
 * Trains one fold: each epoch trains on the fold's training ids (shuffled, augmented, batches prepared on
 * worker threads), then scores the held-out ids with the competition metric (flip TTA, 101x101); the best
 * epoch's parameters are kept as the fold checkpoint. Writes into the fold directory: {@code saltnet.params},
 * {@code checkpoint.json}, {@code history.csv} and {@code curves.png} (both updated every epoch), {@code steps.csv}
 * (every step: losses, gradient norm; a jump in the loss is also warned about on the log), and at the
 * end the out-of-fold probabilities of the best checkpoint in {@code oof/}.
 *
 * <p>Owns its NDManager, network and worker threads for the duration of {@link #train}. Not thread-safe.
 */
public final class FoldTrainer {
    private static final int PREFETCH = 4;
    private static final int VALIDATION_BATCH = 16;

    private final FoldSettings settings;
    private final SampleSource source;
    private final Device device;
    private final ProgressFactory progress;
    private final PrintStream log;
    private final SampleEncoder encoder = new SampleEncoder();
    private final Augmentation augmentation = new Augmentation();

    /**
     * @param settings what to train and how
     * @param source reads samples (from worker threads)
     * @param device the training device
     * @param progress makes the per-epoch progress display
     * @param log where one-line messages go (stderr for the command)
     */
    public FoldTrainer(FoldSettings settings, SampleSource source, Device device, ProgressFactory progress,
                       PrintStream log) {
        this.settings = settings;
        this.source = source;
        this.device = device;
        this.progress = progress;
        this.log = log;
    }

    /**
     * The outcome of a fold.
     *
     * @param fold the fold, 1-based
     * @param directory the fold directory written
     * @param bestEpoch the best epoch, 1-based
     * @param bestScore its validation mAP
     * @param history every epoch
     */
    public record Result(int fold, Path directory, int bestEpoch, double bestScore, List<EpochRecord> history) {}

    /**
     * Trains the fold and writes its directory.
     *
     * @param plan the fold's ids
     * @param foldDir the fold directory, created if missing
     */
    public Result train(FoldPlan plan, Path foldDir) throws IOException {
        Files.createDirectories(foldDir);
        String name = plan.directoryName();
        Engine.getEngine("PyTorch").setRandomSeed((int) (settings.training().seed() + plan.fold()));
        NnpackSwitch.turnOff();
        ExecutorService workers = Executors.newFixedThreadPool(settings.workers(), runnable -> {
            Thread t = new Thread(runnable, "tgs-batches");
            t.setDaemon(true);
            return t;
        });
        try (NDManager manager = NDManager.newBaseManager(device);
                Vgg19Features vgg = loadVgg(manager);
                StepLog steps = new StepLog(foldDir)) {
            TopologyState topology = vgg == null
                    ? TopologyState.off("no --vgg19 weights given")
                    : TopologyState.on(settings.vgg19().orElseThrow().toString());
            SaltNet net = new SaltNet(settings.architecture());
            // checkpoints from before the choice existed started at ones
            Optional.ofNullable(settings.training().batchNormInit()).orElse(BatchNormInit.ONES).applyTo(net);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, SaltNet.INPUT_SIZE, SaltNet.INPUT_SIZE));
            Optional<Path> resume = resumeDirectory(plan);
            if (resume.isPresent()) {
                ParameterTransfer.Report report = ParameterTransfer.fromCheckpoint(resume.get(), net, manager);
                log.println(name + ": starting from " + resume.get() + ": " + report.summary());
            }
            SaltLoss loss = new SaltLoss(LossWeights.REFERENCE, vgg == null ? null : new TopologyLoss(vgg));
            TrainingStep step = new TrainingStep(net, loss, manager, settings.schedule(),
                    settings.training().learningRate());
            Validator validator = new Validator(net, manager);
            LibraryVersions versions = LibraryVersions.current();
            String dataHash = dataHash(plan.trainingIds());

            TrainingHistory history = new TrainingHistory();
            int epochs = settings.training().epochs();
            LossJumpMonitor monitor = new LossJumpMonitor();
            int bestEpoch = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int epoch = 0; epoch < epochs; epoch++) {
                step.setEpoch(epoch);
                int skippedBefore = step.skippedSteps();
                long start = System.nanoTime();
                LossValues mean = trainEpoch(plan, step, epoch, workers, name, steps, monitor);
                double seconds = (System.nanoTime() - start) / 1e9;
                double score = validate(plan.validationIds(), validator, workers).mean();
                int samples = BatchPlan.of(plan.trainingIds(), settings.training().batchSize(), true).samples();
                EpochRecord record = new EpochRecord(epoch + 1, step.learningRate(), mean.total(),
                        mean.crossEntropy(), mean.lovasz(), mean.auxiliary(), mean.topology(), score, seconds,
                        samples / seconds, step.skippedSteps() - skippedBefore);
                history.add(record);
                boolean best = score > bestScore;
                if (best) {
                    bestScore = score;
                    bestEpoch = epoch + 1;
                }
                CheckpointInfo info = new CheckpointInfo(CheckpointInfo.SCHEMA_VERSION, plan.fold(), plan.folds(),
                        settings.architecture(), settings.training(), bestEpoch, bestScore, epoch + 1,
                        plan.trainingIds().size(), plan.validationIds().size(), dataHash, topology, versions);
                if (best) {
                    Checkpoints.save(foldDir, net, info);
                } else {
                    Checkpoints.writeInfo(foldDir, info);
                }
                log.println(describe(name, record, best));
                history.write(foldDir);
                new CurvesPlot().write(history.epochs(), name, foldDir);
            }
            // the out-of-fold probabilities come from the kept (best) parameters, not the last epoch's
            Checkpoints.loadParameters(foldDir, net, manager);
            writeOutOfFold(plan.validationIds(), validator, workers, foldDir.resolve(OutOfFoldProbabilities.FOLDER));
            return new Result(plan.fold(), foldDir, bestEpoch, bestScore, history.epochs());
        } finally {
            workers.shutdownNow();
        }
    }

    private Vgg19Features loadVgg(NDManager manager) {
        if (settings.vgg19().isEmpty()) {
            return null;
        }
        return Vgg19WeightsFile.load(settings.vgg19().get(), manager);
    }

    /** The fold directory inside a run directory, or the given directory when it is a fold directory itself. */
    private Optional<Path> resumeDirectory(FoldPlan plan) {
        return settings.resume().map(dir -> {
            Path fold = dir.resolve(plan.directoryName());
            return Files.isRegularFile(fold.resolve(Checkpoints.INFO_FILE)) ? fold : dir;
        });
    }

    private LossValues trainEpoch(FoldPlan plan, TrainingStep step, int epoch, ExecutorService workers, String name,
                                  StepLog steps, LossJumpMonitor monitor) {
        List<String> order = new ArrayList<>(plan.trainingIds());
        Collections.shuffle(order, new Random(TrainingBatches.sampleSeed(settings.training().seed(), epoch, -1)));
        BatchPlan batches = BatchPlan.of(order, settings.training().batchSize(), true);
        batches.droppedId().ifPresent(id -> log.println(name + " epoch " + (epoch + 1) + ": " + id
                + " left out of this epoch (a batch of one cannot train batch normalisation)"));
        LossMeans means = new LossMeans();
        String task = String.format(Locale.ROOT, "%s epoch %d/%d", name, epoch + 1, settings.training().epochs());
        long start = System.nanoTime();
        try (Progress bar = progress.start(task, batches.samples(), "img");
                TrainingBatches stream = new TrainingBatches(batches, source, encoder,
                        settings.training().augment() ? augmentation : null,
                        settings.training().seed(), epoch, workers, PREFETCH)) {
            int index = 0;
            while (stream.hasNext()) {
                HostBatch batch = stream.next();
                StepOutcome outcome = step.run(batch);
                LossValues values = outcome.losses();
                index++;
                steps.add(new StepRecord(epoch + 1, index, batch.size(), values.total(), values.crossEntropy(),
                        values.lovasz(), values.auxiliary(), values.topology(), outcome.gradientNorm(),
                        step.learningRate(), outcome.applied()));
                monitor.observe(name + " epoch " + (epoch + 1) + " step " + index, values.total(),
                        outcome.gradientNorm()).ifPresent(log::println);
                means.add(values, batch.size());
                bar.step(batch.size());
                double rate = means.samples() / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
                bar.status(String.format(Locale.ROOT, "loss %.4f, %.1f img/s", means.mean().total(), rate));
            }
        }
        return means.mean();
    }

    private ValidationScore validate(List<String> ids, Validator validator, ExecutorService workers) {
        ValidationScore score = new ValidationScore();
        int pixels = KaggleImage.SIDE * KaggleImage.SIDE;
        try (TrainingBatches stream = validationBatches(ids, workers)) {
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
        return score;
    }

    private TrainingBatches validationBatches(List<String> ids, ExecutorService workers) {
        return new TrainingBatches(BatchPlan.of(ids, VALIDATION_BATCH, false), source, encoder, null, 0, 0,
                workers, PREFETCH);
    }

    private void writeOutOfFold(List<String> ids, Validator validator, ExecutorService workers, Path dir)
            throws IOException {
        int pixels = KaggleImage.SIDE * KaggleImage.SIDE;
        float[] all = new float[ids.size() * pixels];
        List<String> order = new ArrayList<>(ids.size());
        try (TrainingBatches stream = validationBatches(ids, workers)) {
            while (stream.hasNext()) {
                HostBatch batch = stream.next();
                float[] probabilities = validator.probabilities(batch);
                System.arraycopy(probabilities, 0, all, order.size() * pixels, probabilities.length);
                order.addAll(batch.ids());
            }
        }
        OutOfFoldProbabilities.write(dir, order, all);
    }

    /** SHA-256 of the sorted ids, one per line: the same for any run on the same training ids. */
    static String dataHash(List<String> ids) {
        List<String> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        StringBuilder b = new StringBuilder();
        for (String id : sorted) {
            b.append(id).append('\n');
        }
        return Sha256.of(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String describe(String name, EpochRecord r, boolean best) {
        String topology = Double.isNaN(r.topology()) ? "" : String.format(Locale.ROOT, " topo %.4f", r.topology());
        return String.format(Locale.ROOT, "%s epoch %d: loss %.4f (ce %.4f lovasz %.4f aux %.4f%s) val mAP %.4f"
                        + " lr %.2e, %.0f s, %.1f img/s%s", name, r.epoch(), r.loss(), r.crossEntropy(), r.lovasz(),
                r.auxiliary(), topology, r.validationMap(), r.learningRate(), r.trainSeconds(), r.imagesPerSecond(),
                best ? " (best, saved)" : "")
                + (r.skippedSteps() == 0 ? "" : ", " + r.skippedSteps() + " steps skipped (non-finite gradients)");
    }
}

package org.tgssalt.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.tgssalt.InputException;
import org.tgssalt.oof.OutOfFoldProbabilities;
import org.tgssalt.progress.ProgressFactory;
import org.tgssalt.train.checkpoint.CheckpointInfo;
import org.tgssalt.train.checkpoint.Checkpoints;
import org.tgssalt.train.checkpoint.DataIdentity;
import org.tgssalt.train.checkpoint.EpochSnapshot;
import org.tgssalt.train.checkpoint.EpochSnapshots;
import org.tgssalt.train.checkpoint.LibraryVersions;
import org.tgssalt.train.checkpoint.ParameterTransfer;
import org.tgssalt.train.checkpoint.RunIdentity;
import org.tgssalt.train.checkpoint.TopologyState;
import org.tgssalt.train.checkpoint.TrainingSettings;
import org.tgssalt.train.data.Augmentation;
import org.tgssalt.train.data.EpochSeeds;
import org.tgssalt.train.data.SampleEncoder;
import org.tgssalt.train.data.SampleSource;
import org.tgssalt.train.loss.LossValues;
import org.tgssalt.train.loss.LossWeights;
import org.tgssalt.train.loss.SaltLoss;
import org.tgssalt.train.loss.TopologyLoss;
import org.tgssalt.train.loss.Vgg19Features;
import org.tgssalt.train.loss.Vgg19WeightsFile;
import org.tgssalt.train.model.BatchNormInit;
import org.tgssalt.train.model.SaltNet;
import org.tgssalt.train.report.EpochRecord;
import org.tgssalt.train.report.StepLog;
import org.tgssalt.train.report.StepRecord;
import org.tgssalt.train.report.TrainingHistory;

/**
 * Trains one fold: each epoch trains on the fold's training ids (shuffled, augmented, batches prepared on
 * worker threads), then scores the held-out ids with the competition metric (flip TTA, 101x101); the best
 * epoch's parameters are kept as the fold checkpoint. Writes into the fold directory: {@code saltnet.params},
 * {@code checkpoint.json}, {@code history.csv} and {@code curves.png} (both updated every epoch), {@code steps.csv}
 * (every step: losses, gradient norm; a jump in the loss is also warned about on the log), an epoch snapshot in
 * {@code state/} while training ({@link FoldOutputs}), and at the end the out-of-fold probabilities of the best
 * checkpoint in {@code oof/}.
 *
 * <p>With {@link FoldSettings#continueRun()} a stopped fold continues after its last completed epoch, restoring the
 * parameters, Adam's state, the best epoch, the history and the step log; the schedule and the random streams are
 * functions of the epoch ({@link EpochSeeds}), so the run ends where an uninterrupted one would.
 *
 * <p>Owns its NDManager, network and worker threads for the duration of {@link #train}. Not thread-safe.
 */
public final class FoldTrainer {
    private static final int PREFETCH = 4;

    private final FoldSettings settings;
    private final SampleSource source;
    private final Device device;
    private final ProgressFactory progress;
    private final PrintStream log;
    private final StepListener stepListener;
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
        this(settings, source, device, progress, log, StepListener.NONE);
    }

    /** As above, telling {@code stepListener} after every training step (tests stop runs with it). */
    FoldTrainer(FoldSettings settings, SampleSource source, Device device, ProgressFactory progress, PrintStream log,
                StepListener stepListener) {
        this.settings = settings;
        this.source = source;
        this.device = device;
        this.progress = progress;
        this.log = log;
        this.stepListener = stepListener;
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
     * Trains the fold (or, when continuing, finishes it) and writes its directory.
     *
     * @param plan the fold's ids
     * @param foldDir the fold directory, created if missing
     * @throws InputException when the directory holds a run that cannot be continued or must not be replaced
     */
    public Result train(FoldPlan plan, Path foldDir) throws IOException {
        return train(plan, foldDir, inspect(plan, foldDir));
    }

    /** What the fold directory holds, checked against this trainer's settings and the plan ({@link FoldStart}). */
    FoldStart inspect(FoldPlan plan, Path foldDir) throws IOException {
        return FoldStart.inspect(foldDir, identity(plan), settings.continueRun());
    }

    /** Trains the fold from {@code start}, which {@link #inspect} returned for it. */
    Result train(FoldPlan plan, Path foldDir, FoldStart start) throws IOException {
        if (start instanceof FoldStart.Finished finished) {
            log.println(plan.directoryName() + ": finished earlier (" + finished.info().epochsTrained()
                    + " epochs), kept as it is");
            return finished.result(foldDir);
        }
        Files.createDirectories(foldDir);
        NnpackSwitch.turnOff();
        ExecutorService workers = Executors.newFixedThreadPool(settings.workers(), runnable -> {
            Thread t = new Thread(runnable, "tgs-batches");
            t.setDaemon(true);
            return t;
        });
        try (NDManager manager = NDManager.newBaseManager(device); Vgg19Features vgg = loadVgg(manager)) {
            Run run = openRun(plan, foldDir, start, manager, vgg, workers);
            FoldProgress done = start instanceof FoldStart.Continue c ? restore(run, c.snapshot(), manager)
                    : startFresh(run, manager);
            try (StepLog steps = openStepLog(run, done)) {
                for (int epoch = done.epochsCompleted(); epoch < settings.training().epochs(); epoch++) {
                    done = trainEpoch(run, done, epoch, steps);
                }
            }
            return finish(run, done, manager);
        } finally {
            workers.shutdownNow();
        }
    }

    /** One fold's collaborators and fixed facts while it trains. */
    private record Run(FoldPlan plan, Path foldDir, SaltNet net, TrainingStep step, TrainingPass pass,
                       HeldOutEvaluation heldOut, FoldOutputs outputs, TrainingSettings training, TopologyState topology,
                       DataIdentity data, LibraryVersions versions, LossJumpMonitor monitor, ExecutorService workers) {}

    /** Builds and initialises the network, the loss, the optimisation step, the passes over the data. */
    private Run openRun(FoldPlan plan, Path foldDir, FoldStart start, NDManager manager, Vgg19Features vgg,
                        ExecutorService workers) {
        Engine.getEngine("PyTorch").setRandomSeed((int) (settings.training().seed() + plan.fold()));
        SaltNet net = new SaltNet(settings.architecture());
        // checkpoints from before the choice existed started at ones
        Optional.ofNullable(settings.training().batchNormInit()).orElse(BatchNormInit.ONES).applyTo(net);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, SaltNet.INPUT_SIZE, SaltNet.INPUT_SIZE));
        SaltLoss loss = new SaltLoss(LossWeights.REFERENCE, vgg == null ? null : new TopologyLoss(vgg));
        TrainingStep step = new TrainingStep(net, loss, manager, settings.schedule(),
                settings.training().learningRate());
        HeldOutEvaluation heldOut = new HeldOutEvaluation(plan.validationIds(), new Validator(net, manager), source,
                encoder, workers, PREFETCH);
        TrainingSettings training = settings.training();
        if (start instanceof FoldStart.Continue c && training.resumedFrom() == null) {
            // the run's first epoch started from that checkpoint; continuing it without --resume keeps the record
            training = training.withResumedFrom(c.snapshot().state().checkpoint().training().resumedFrom());
        }
        TrainingPass pass = new TrainingPass(source, encoder, training.augment() ? augmentation : null,
                training.batchSize(), training.epochs(), PREFETCH, progress, log, stepListener);
        return new Run(plan, foldDir, net, step, pass, heldOut, new FoldOutputs(foldDir, plan.directoryName()),
                training, topology(), DataIdentity.of(plan.trainingIds(), plan.validationIds()),
                LibraryVersions.current(), new LossJumpMonitor(), workers);
    }

    /** Before the first epoch: clears a stopped run's leftovers and, with {@code --resume}, copies parameters in. */
    private FoldProgress startFresh(Run run, NDManager manager) throws IOException {
        EpochSnapshots.discard(run.foldDir());
        Optional<Path> resume = resumeDirectory(run.plan());
        if (resume.isPresent()) {
            ParameterTransfer.Report report = ParameterTransfer.fromCheckpoint(resume.get(), run.net(), manager);
            log.println(run.plan().directoryName() + ": starting from " + resume.get() + ": " + report.summary());
        }
        return FoldProgress.start();
    }

    /** Continues a stopped run: its parameters, Adam's state, best epoch and history, and the fold's files. */
    private FoldProgress restore(Run run, EpochSnapshot snapshot, NDManager manager) throws IOException {
        ParameterTransfer.fromParameterFile(snapshot.parameters(), run.net(), manager);
        try (InputStream in = Files.newInputStream(snapshot.optimizer())) {
            run.step().loadOptimizer(in);
        } catch (IllegalArgumentException e) {
            throw new InputException(snapshot.optimizer().toString(), "not the optimiser state of this network: "
                    + e.getMessage(), e);
        }
        CheckpointInfo recorded = snapshot.state().checkpoint();
        List<EpochRecord> history = TrainingHistory.read(snapshot.history()).epochs();
        if (history.size() != recorded.epochsTrained()) {
            throw new InputException(snapshot.history().toString(), "holds " + history.size() + " epochs, the"
                    + " snapshot records " + recorded.epochsTrained());
        }
        run.outputs().restore(snapshot, history);
        log.println(String.format(Locale.ROOT, "%s: continuing after epoch %d of %d (best val mAP %.4f at epoch %d)"
                        + " from %s", run.plan().directoryName(), recorded.epochsTrained(), recorded.training().epochs(),
                recorded.bestScore(), recorded.bestEpoch(), snapshot.directory()));
        if (!recorded.training().device().equals(settings.training().device())) {
            log.println(run.plan().directoryName() + ": the run trained on " + recorded.training().device()
                    + " so far, now on " + settings.training().device() + " (results may differ in the last bits)");
        }
        return new FoldProgress(history, recorded.bestEpoch(), recorded.bestScore(), snapshot.state().stepRows());
    }

    /** The step log: a new one, or the stopped run's rows of its completed epochs (replayed into the monitor). */
    private StepLog openStepLog(Run run, FoldProgress done) throws IOException {
        if (done.epochsCompleted() == 0) {
            return StepLog.create(run.foldDir());
        }
        StepLog steps = StepLog.continueAfter(run.foldDir(), done.stepRows());
        for (StepRecord r : steps.kept()) {
            // warnings already printed by the stopped run stay unprinted; the window resumes where it was
            run.monitor().observe("", r.loss(), r.gradientNorm());
        }
        return steps;
    }

    /** Trains, scores and records epoch {@code epoch} (0-based). */
    private FoldProgress trainEpoch(Run run, FoldProgress done, int epoch, StepLog steps) throws IOException {
        EpochSeeds seeds = new EpochSeeds(settings.training().seed(), run.plan().fold(), epoch);
        // dropout draws from the engine's generator: seeded per epoch, so a continued epoch draws the same masks
        Engine.getEngine("PyTorch").setRandomSeed(seeds.engine());
        run.step().setEpoch(epoch);
        int skippedBefore = run.step().skippedSteps();
        long start = System.nanoTime();
        TrainingPass.Outcome pass = run.pass().run(run.plan(), seeds, run.step(), steps, run.monitor(), run.workers());
        double seconds = (System.nanoTime() - start) / 1e9;
        double score = run.heldOut().score();
        LossValues mean = pass.mean();
        EpochRecord record = new EpochRecord(epoch + 1, run.step().learningRate(), mean.total(), mean.crossEntropy(),
                mean.lovasz(), mean.auxiliary(), mean.topology(), score, seconds, pass.samples() / seconds,
                run.step().skippedSteps() - skippedBefore);
        boolean best = done.improvedBy(score);
        FoldProgress next = done.after(record, pass.steps());
        run.outputs().commit(next, checkpointInfo(run, next), run.data().validationHash(), run.net(), run.step(), best);
        log.println(describe(run.plan().directoryName(), record, best));
        return next;
    }

    /** After the last epoch: out-of-fold probabilities of the best parameters; the snapshots are removed. */
    private Result finish(Run run, FoldProgress done, NDManager manager) throws IOException {
        // the out-of-fold probabilities come from the kept (best) parameters, not the last epoch's
        Checkpoints.loadParameters(run.foldDir(), run.net(), manager);
        run.heldOut().writeOutOfFold(run.foldDir().resolve(OutOfFoldProbabilities.FOLDER));
        run.outputs().finish();
        return new Result(run.plan().fold(), run.foldDir(), done.bestEpoch(), done.bestScore(), done.history());
    }

    private CheckpointInfo checkpointInfo(Run run, FoldProgress done) {
        FoldPlan plan = run.plan();
        return new CheckpointInfo(CheckpointInfo.SCHEMA_VERSION, plan.fold(), plan.folds(), settings.architecture(),
                run.training(), done.bestEpoch(), done.bestScore(), done.epochsCompleted(), plan.trainingIds().size(),
                plan.validationIds().size(), run.data().trainingHash(), run.topology(), run.versions());
    }

    /** What a continued run of this fold must match. */
    private RunIdentity identity(FoldPlan plan) {
        return new RunIdentity(plan.fold(), plan.folds(), settings.architecture(), settings.training(), topology(),
                DataIdentity.of(plan.trainingIds(), plan.validationIds()));
    }

    private TopologyState topology() {
        return settings.vgg19().isEmpty()
                ? TopologyState.off("no --vgg19 weights given")
                : TopologyState.on(settings.vgg19().get().toString());
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

    private static String describe(String name, EpochRecord r, boolean best) {
        String topology = Double.isNaN(r.topology()) ? "" : String.format(Locale.ROOT, " topo %.4f", r.topology());
        return String.format(Locale.ROOT, "%s epoch %d: loss %.4f (ce %.4f lovasz %.4f aux %.4f%s) val mAP %.4f"
                        + " lr %.2e, %.0f s, %.1f img/s%s", name, r.epoch(), r.loss(), r.crossEntropy(), r.lovasz(),
                r.auxiliary(), topology, r.validationMap(), r.learningRate(), r.trainSeconds(), r.imagesPerSecond(),
                best ? " (best, saved)" : "")
                + (r.skippedSteps() == 0 ? "" : ", " + r.skippedSteps() + " steps skipped (non-finite gradients)");
    }
}

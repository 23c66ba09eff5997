package org.tgssalt.train;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.tgssalt.InputException;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.progress.ProgressFactory;
import org.tgssalt.train.data.DatasetSamples;
import org.tgssalt.train.data.FoldSplit;

/**
 * K-fold cross-validation training over a dataset folder: splits the training ids (seeded, see
 * {@link FoldSplit}) and trains the requested folds one after another, each into {@code out/fold-K}. When
 * continuing a stopped run, every requested fold is checked first (settings, data, damaged snapshots), finished
 * folds are kept, and a run whose folds have all finished is refused.
 */
public final class CrossValidationTrainer {
    private final FoldSettings settings;
    private final TgsDataset dataset;
    private final Device device;
    private final ProgressFactory progress;
    private final PrintStream log;
    private final StepListener stepListener;

    /**
     * @param settings what to train and how
     * @param dataset the dataset
     * @param device the training device
     * @param progress per-epoch progress display
     * @param log one-line messages
     */
    public CrossValidationTrainer(FoldSettings settings, TgsDataset dataset, Device device, ProgressFactory progress,
                   PrintStream log) {
        this(settings, dataset, device, progress, log, StepListener.NONE);
    }

    /** As above, telling {@code stepListener} after every training step (tests stop runs with it). */
    CrossValidationTrainer(FoldSettings settings, TgsDataset dataset, Device device, ProgressFactory progress,
                           PrintStream log, StepListener stepListener) {
        this.settings = settings;
        this.dataset = dataset;
        this.device = device;
        this.progress = progress;
        this.log = log;
        this.stepListener = stepListener;
    }

    /**
     * Trains the folds.
     *
     * @param folds number of folds of the split
     * @param fold the one fold to train (1-based), or empty for all
     * @param limit use only the first N training ids (sorted), or empty for all
     * @param splitSeed the split's shuffle seed
     * @param out the output root
     * @return one result per trained fold, in fold order
     */
    public List<FoldTrainer.Result> train(int folds, OptionalInt fold, OptionalInt limit, long splitSeed, Path out)
            throws IOException {
        List<String> ids = dataset.trainIds();
        if (limit.isPresent() && limit.getAsInt() < ids.size()) {
            log.println("using the first " + limit.getAsInt() + " of " + ids.size() + " training images (--limit)");
            ids = ids.subList(0, limit.getAsInt());
        }
        if (ids.size() < folds) {
            throw new IllegalArgumentException(dataset.trainImagesDir() + ": " + ids.size()
                    + " training images cannot be split into " + folds + " folds");
        }
        if (settings.vgg19().isEmpty()) {
            log.println("topology loss off: no --vgg19 weights given (docs/VGG19.md shows how to make the file)");
        }
        FoldSplit split = new FoldSplit(ids, folds, splitSeed);
        FoldTrainer trainer = new FoldTrainer(settings, new DatasetSamples(dataset), device, progress, log,
                stepListener);
        List<FoldPlan> plans = new ArrayList<>();
        for (int k = fold.orElse(1); k <= fold.orElse(folds); k++) {
            plans.add(new FoldPlan(k, folds, split.training(k), split.validation(k)));
        }
        if (settings.continueRun()
                && plans.stream().noneMatch(p -> Files.isDirectory(out.resolve(p.directoryName())))) {
            // most likely a mistyped folder: starting a fresh run there would look like a continuation
            throw new InputException(out.toString(), "no training run to continue: " + describeFolds(plans)
                    + " not there (to start a run, use --out)");
        }
        // every fold is checked before any trains: a refusal comes at once, not after hours of the first folds
        List<FoldStart> starts = new ArrayList<>();
        for (FoldPlan plan : plans) {
            starts.add(trainer.inspect(plan, out.resolve(plan.directoryName())));
        }
        if (settings.continueRun() && starts.stream().allMatch(s -> s instanceof FoldStart.Finished)) {
            int epochs = settings.training().epochs();
            throw new InputException(out.toString(), "the run has already finished (" + describeFolds(plans) + ": "
                    + epochs + " of " + epochs + " epochs, out-of-fold output written); nothing to continue (to train"
                    + " on, start a new stage from it: --resume " + out + " --out ANOTHER_DIR)");
        }
        trainer = trainerForFoldsNotStarted(starts).orElse(trainer);
        List<FoldTrainer.Result> results = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            FoldPlan plan = plans.get(i);
            log.println(plan.directoryName() + ": " + plan.trainingIds().size() + " training, "
                    + plan.validationIds().size() + " validation images");
            FoldTrainer.Result result = trainer.train(plan, out.resolve(plan.directoryName()), starts.get(i));
            log.println(String.format(Locale.ROOT, "%s: best validation mAP %.4f at epoch %d",
                    plan.directoryName(), result.bestScore(), result.bestEpoch()));
            results.add(result);
        }
        return results;
    }

    /**
     * When a continued run's folds started from a checkpoint ({@code --resume}) and the continuing command does not
     * name one, the folds not started yet must start from it too: a trainer that does, or empty when nothing changes.
     */
    private Optional<FoldTrainer> trainerForFoldsNotStarted(List<FoldStart> starts) {
        if (!settings.continueRun() || settings.resume().isPresent()
                || starts.stream().noneMatch(s -> s instanceof FoldStart.Fresh)) {
            return Optional.empty();
        }
        Optional<String> recorded = starts.stream().flatMap(s -> s.resumedFrom().stream()).findFirst();
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        Path source = Path.of(recorded.get());
        if (!Files.exists(source)) {
            throw new InputException(source.toString(), "not there, but the run's folds started from it (--resume) and"
                    + " those not started yet must too; give --resume with where it is now");
        }
        log.println("folds not started yet start from " + source + ", as the run's other folds did (--resume)");
        return Optional.of(new FoldTrainer(settings.resumingFrom(source), new DatasetSamples(dataset), device,
                progress, log, stepListener));
    }

    private static String describeFolds(List<FoldPlan> plans) {
        return plans.size() == 1 ? plans.get(0).directoryName()
                : plans.get(0).directoryName() + " to " + plans.get(plans.size() - 1).directoryName();
    }
}

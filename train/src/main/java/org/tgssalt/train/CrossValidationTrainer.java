package org.tgssalt.train;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.progress.ProgressFactory;
import org.tgssalt.train.data.DatasetSamples;
import org.tgssalt.train.data.FoldSplit;

/**
 * K-fold cross-validation training over a dataset folder: splits the training ids (seeded, see
 * {@link FoldSplit}) and trains the requested folds one after another, each into {@code out/fold-K}.
 */
public final class CrossValidationTrainer {
    private final FoldSettings settings;
    private final TgsDataset dataset;
    private final Device device;
    private final ProgressFactory progress;
    private final PrintStream log;

    /**
     * @param settings what to train and how
     * @param dataset the dataset
     * @param device the training device
     * @param progress per-epoch progress display
     * @param log one-line messages
     */
    public CrossValidationTrainer(FoldSettings settings, TgsDataset dataset, Device device, ProgressFactory progress,
                   PrintStream log) {
        this.settings = settings;
        this.dataset = dataset;
        this.device = device;
        this.progress = progress;
        this.log = log;
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
        FoldTrainer trainer = new FoldTrainer(settings, new DatasetSamples(dataset), device, progress, log);
        List<FoldTrainer.Result> results = new ArrayList<>();
        int first = fold.orElse(1);
        int last = fold.orElse(folds);
        for (int k = first; k <= last; k++) {
            FoldPlan plan = new FoldPlan(k, folds, split.training(k), split.validation(k));
            log.println(plan.directoryName() + ": " + plan.trainingIds().size() + " training, "
                    + plan.validationIds().size() + " validation images");
            FoldTrainer.Result result = trainer.train(plan, out.resolve(plan.directoryName()));
            log.println(String.format(java.util.Locale.ROOT, "%s: best validation mAP %.4f at epoch %d",
                    plan.directoryName(), result.bestScore(), result.bestEpoch()));
            results.add(result);
        }
        return results;
    }
}

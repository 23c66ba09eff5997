package org.tgssalt.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.progress.ProgressFactory;
import org.tgssalt.train.checkpoint.TrainingSettings;
import org.tgssalt.train.data.FoldSplit;
import org.tgssalt.train.model.SaltNetConfig;
import org.tgssalt.train.schedule.CosineWithRestarts;
import org.tgssalt.train.schedule.LearningRateSchedule;
import org.tgssalt.train.schedule.StepSchedule;

/**
 * The training API behind {@code ./tgs train} and {@code ./tgs pipeline}: chooses the device, turns
 * {@link TrainOptions} into the recorded settings and trains the folds.
 *
 * <pre>{@code
 * for (FoldTrainer.Result r : Training.run(TrainOptions.builder(data, out).epochs(8).build(), System.err)) {
 *     System.out.println(r.fold() + ": " + r.bestScore());
 * }
 * }</pre>
 */
public final class Training {
    private Training() {}

    /**
     * Trains the folds {@code options} asks for into {@code options.out()/fold-K}.
     *
     * @param log receives the device note, missing native settings and the trainer's progress lines
     * @return one result per trained fold, in fold order
     */
    public static List<FoldTrainer.Result> run(TrainOptions options, PrintStream log) throws Exception {
        DeviceSelector.Choice device = new DeviceSelector().select(options.device());
        device.note().ifPresent(log::println);
        if (!device.device().isGpu()) {
            CpuNativeSettings.missing(System.getenv()).forEach(log::println);
        }
        LearningRateSchedule schedule = options.schedule() == TrainOptions.Schedule.STEP
                ? StepSchedule.REFERENCE
                : CosineWithRestarts.over(options.epochs(), options.cycles());
        TrainingSettings training = TrainingSettings.builder().epochs(options.epochs())
                .batchSize(options.batchSize()).learningRate(options.learningRate())
                .guidedUpsamplingRateFactor(TrainingStep.GUM_RATE_FACTOR).weightDecay(TrainingStep.WEIGHT_DECAY)
                .schedule(options.schedule().name().toLowerCase(Locale.ROOT)).cycles(options.cycles())
                .seed(options.seed()).splitSeed(FoldSplit.DEFAULT_SEED).augment(options.augment())
                .limit(options.limit().orElse(0)).device(device.device().toString())
                .resumedFrom(options.resume().map(Path::toString).orElse(null))
                .batchNormInit(options.batchNormInit()).build();
        SaltNetConfig architecture = new SaltNetConfig(options.width(), options.scse(), options.gum(), true, 2,
                options.minChannels());
        int workers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
        FoldSettings settings = new FoldSettings(architecture, training, schedule, options.vgg19(), options.resume(),
                options.continueRun(), workers);
        CrossValidationTrainer trainer = new CrossValidationTrainer(settings, TgsDataset.at(options.data()), device.device(),
                ProgressFactory.find(), log);
        return trainer.train(options.folds(), options.fold(), options.limit(), FoldSplit.DEFAULT_SEED, options.out());
    }

    /** The line a command prints for a trained fold: {@code fold 2: best epoch 5, validation mAP 0.7311 -> DIR}. */
    public static String summary(FoldTrainer.Result result) {
        return String.format(Locale.ROOT, "fold %d: best epoch %d, validation mAP %.4f -> %s", result.fold(),
                result.bestEpoch(), result.bestScore(), result.directory());
    }
}

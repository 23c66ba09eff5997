package org.tgssalt.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.tgssalt.cli.Command;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.cli.UsageException;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.progress.ProgressFactory;
import org.tgssalt.train.checkpoint.TrainingSettings;
import org.tgssalt.train.data.FoldSplit;
import org.tgssalt.train.model.BatchNormInit;
import org.tgssalt.train.model.SaltNetConfig;
import org.tgssalt.train.schedule.CosineWithRestarts;
import org.tgssalt.train.schedule.LearningRateSchedule;
import org.tgssalt.train.schedule.StepSchedule;

/**
 * {@code ./tgs train}: k-fold training of the reference network on a dataset folder, writing
 * {@code OUT/fold-K/} (checkpoint, history, curves, out-of-fold probabilities).
 */
public final class TrainCommand implements Command {
    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train the salt network with k-fold cross-validation (DJL, PyTorch engine)";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("data").hasArg().argName("DIR").required()
                .desc("dataset root (train/images, train/masks)").get());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR").required()
                .desc("output root; fold K is written to DIR/fold-K").get());
        o.addOption(opt("folds", "N", "number of folds (default 10)"));
        o.addOption(opt("fold", "K", "train only fold K (1-based; default all)"));
        o.addOption(opt("epochs", "N", "epochs per fold (default 200)"));
        o.addOption(opt("batch", "N", "batch size (default 40)"));
        o.addOption(opt("width", "F", "network width factor (default 2, the reference; 0.5 or 1 for CPU runs)"));
        o.addOption(opt("lr", "RATE", "learning rate (default 1e-3; the guided upsampling module uses a tenth)"));
        o.addOption(opt("schedule", "NAME", "step (x0.5 every 50 epochs, default) or cosine (warm restarts)"));
        o.addOption(opt("cycles", "N", "cosine restarts over the run (default 1)"));
        o.addOption(opt("seed", "N", "seed of shuffling, augmentation and initialisation (default 0)"));
        o.addOption(opt("device", "D", "auto (default), cpu, cuda or cuda:N; without a usable CUDA device the CPU is used"));
        o.addOption(opt("limit", "N", "use only the first N training images (sorted ids), for quick runs"));
        o.addOption(opt("vgg19", "FILE", "VGG19 weights for the topology loss (docs/VGG19.md); without it the"
                + " topology term is off"));
        o.addOption(opt("resume", "DIR", "start from a checkpoint: a fold directory or a run directory holding"
                + " fold-K; parameters that match are copied, new modules start fresh"));
        o.addOption(opt("threads", "N", "PyTorch CPU threads (default: PyTorch's choice; 1 is fastest on a busy"
                + " machine)"));
        o.addOption(opt("bn-init", "NAME", "batch-norm scales start as uniform (U(0,1), the reference's PyTorch 0.4.1;"
                + " default) or ones (later PyTorch)"));
        o.addOption(Option.builder().longOpt("no-scse").desc("build the network without scSE modules").get());
        o.addOption(Option.builder().longOpt("no-gum").desc("build the network without the guided upsampling"
                + " module").get());
        o.addOption(Option.builder().longOpt("no-augment").desc("train without augmentation").get());
        return o;
    }

    private static Option opt(String name, String arg, String description) {
        return Option.builder().longOpt(name).hasArg().argName(arg).desc(description).get();
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        TrainOptions options = parse(line);
        if (line.hasOption("threads")) {
            // read by DJL when the PyTorch engine starts, which happens below
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(intValue(line, "threads", 1)));
        }
        DeviceSelector.Choice device = new DeviceSelector().select(options.device());
        device.note().ifPresent(System.err::println);
        if (!device.device().isGpu()) {
            CpuNativeSettings.missing(System.getenv()).forEach(System.err::println);
        }
        LearningRateSchedule schedule = options.schedule() == TrainOptions.Schedule.STEP
                ? StepSchedule.REFERENCE
                : CosineWithRestarts.over(options.epochs(), options.cycles());
        TrainingSettings training = new TrainingSettings(options.epochs(), options.batchSize(),
                options.learningRate(), TrainingStep.GUM_RATE_FACTOR, TrainingStep.WEIGHT_DECAY,
                options.schedule().name().toLowerCase(Locale.ROOT), options.cycles(), options.seed(),
                FoldSplit.DEFAULT_SEED, !line.hasOption("no-augment"), options.limit().orElse(0),
                device.device().toString(), options.resume().map(Path::toString).orElse(null),
                options.batchNormInit());
        SaltNetConfig architecture = new SaltNetConfig(options.width(), options.scse(), options.gum(), true, 2);
        int workers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
        FoldSettings settings = new FoldSettings(architecture, training, schedule, options.vgg19(), options.resume(),
                workers);
        Trainer trainer = new Trainer(settings, TgsDataset.at(options.data()), device.device(),
                ProgressFactory.find(), System.err);
        for (FoldTrainer.Result r : trainer.train(options.folds(), options.fold(), options.limit(),
                FoldSplit.DEFAULT_SEED, options.out())) {
            out.printf(Locale.ROOT, "fold %d: best epoch %d, validation mAP %.4f -> %s%n", r.fold(), r.bestEpoch(),
                    r.bestScore(), r.directory());
        }
        return ExitCode.OK;
    }

    static TrainOptions parse(CommandLine line) {
        try {
            return new TrainOptions(
                    Path.of(line.getOptionValue("data")),
                    Path.of(line.getOptionValue("out")),
                    intValue(line, "folds", FoldSplit.DEFAULT_FOLDS),
                    line.hasOption("fold") ? OptionalInt.of(intValue(line, "fold", 1)) : OptionalInt.empty(),
                    intValue(line, "epochs", 200),
                    intValue(line, "batch", 40),
                    doubleValue(line, "width", SaltNetConfig.REFERENCE_WIDTH),
                    doubleValue(line, "lr", 1e-3),
                    schedule(line.getOptionValue("schedule", "step")),
                    intValue(line, "cycles", 1),
                    longValue(line, "seed", 0),
                    device(line.getOptionValue("device", "auto")),
                    line.hasOption("limit") ? OptionalInt.of(intValue(line, "limit", 0)) : OptionalInt.empty(),
                    Optional.ofNullable(line.getOptionValue("vgg19")).map(Path::of),
                    Optional.ofNullable(line.getOptionValue("resume")).map(Path::of),
                    !line.hasOption("no-scse"),
                    !line.hasOption("no-gum"),
                    batchNormInit(line.getOptionValue("bn-init", BatchNormInit.UNIFORM.label())));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static TrainOptions.Schedule schedule(String text) {
        try {
            return TrainOptions.Schedule.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--schedule must be step or cosine, got '" + text + "'");
        }
    }

    private static BatchNormInit batchNormInit(String text) {
        try {
            return BatchNormInit.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--bn-init: " + e.getMessage());
        }
    }

    private static ExecutionDevice device(String text) {
        try {
            return ExecutionDevice.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--device: " + e.getMessage());
        }
    }

    private static int intValue(CommandLine line, String name, int fallback) {
        String text = line.getOptionValue(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + text + "'");
        }
    }

    private static long longValue(CommandLine line, String name, long fallback) {
        String text = line.getOptionValue(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + text + "'");
        }
    }

    private static double doubleValue(CommandLine line, String name, double fallback) {
        String text = line.getOptionValue(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + text + "'");
        }
    }
}

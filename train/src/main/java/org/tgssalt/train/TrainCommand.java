package org.tgssalt.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.tgssalt.cli.Command;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.cli.TypedOptions;
import org.tgssalt.cli.UsageException;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.train.model.BatchNormInit;

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
        o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
                .desc("output root; fold K is written to DIR/fold-K (required unless --continue names it)").get());
        o.addOption(TypedOptions.of("folds", "N", Integer.class, "number of folds (default 10)"));
        o.addOption(TypedOptions.of("fold", "K", Integer.class, "train only fold K (1-based; default all)"));
        o.addOption(TypedOptions.of("epochs", "N", Integer.class, "epochs per fold (default 200)"));
        o.addOption(TypedOptions.of("batch", "N", Integer.class, "batch size (default 40)"));
        o.addOption(TypedOptions.of("width", "F", Double.class, "network width factor (default 2, the reference; 0.5 or 1 for CPU runs)"));
        o.addOption(TypedOptions.of("lr", "RATE", Double.class, "learning rate (default 1e-3; the guided upsampling module uses a tenth)"));
        o.addOption(opt("schedule", "NAME", "step (x0.5 every 50 epochs, default) or cosine (warm restarts)"));
        o.addOption(TypedOptions.of("cycles", "N", Integer.class, "cosine restarts over the run (default 1)"));
        o.addOption(TypedOptions.of("seed", "N", Long.class, "seed of shuffling, augmentation and initialisation (default 0)"));
        o.addOption(opt("device", "D", "auto (default), cpu, cuda or cuda:N; without a usable CUDA device the CPU is used"));
        o.addOption(TypedOptions.of("limit", "N", Integer.class, "use only the first N training images (sorted ids), for quick runs"));
        o.addOption(opt("vgg19", "FILE", "VGG19 weights for the topology loss (docs/VGG19.md); without it the"
                + " topology term is off"));
        o.addOption(opt("resume", "DIR", "start a new stage from a checkpoint (a fold directory or a run directory"
                + " holding fold-K), as the reference grew its network: parameters that match are copied, new modules"
                + " start fresh, and Adam's state, the schedule and the epoch count start over"));
        o.addOption(opt("continue", "DIR", "continue the stopped run in DIR (its --out) after its last completed"
                + " epoch, with the same settings: parameters, Adam's state, the schedule's position, the best epoch,"
                + " the history and the random streams carry on, so it ends as an uninterrupted run would; finished"
                + " folds are kept, other settings or data are refused"));
        o.addOption(TypedOptions.of("threads", "N", Integer.class, "PyTorch CPU threads (default: PyTorch's choice; 1 is fastest on a busy"
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
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(TypedOptions.<Integer>value(line, "threads", null)));
        }
        for (FoldTrainer.Result r : Training.run(options, System.err)) {
            out.printf(Locale.ROOT, "fold %d: best epoch %d, validation mAP %.4f -> %s%n", r.fold(), r.bestEpoch(),
                    r.bestScore(), r.directory());
        }
        return ExitCode.OK;
    }

    static TrainOptions parse(CommandLine line) {
        try {
            TrainOptions.Builder b = TrainOptions.builder(Path.of(line.getOptionValue("data")), outputRoot(line))
                    .continueRun(line.hasOption("continue"));
            if (line.hasOption("folds")) {
                b.folds(TypedOptions.<Integer>value(line, "folds", null));
            }
            if (line.hasOption("fold")) {
                b.fold(TypedOptions.<Integer>value(line, "fold", null));
            }
            if (line.hasOption("epochs")) {
                b.epochs(TypedOptions.<Integer>value(line, "epochs", null));
            }
            if (line.hasOption("batch")) {
                b.batchSize(TypedOptions.<Integer>value(line, "batch", null));
            }
            if (line.hasOption("width")) {
                b.width(TypedOptions.<Double>value(line, "width", null));
            }
            if (line.hasOption("lr")) {
                b.learningRate(TypedOptions.<Double>value(line, "lr", null));
            }
            if (line.hasOption("schedule")) {
                b.schedule(schedule(line.getOptionValue("schedule")));
            }
            if (line.hasOption("cycles")) {
                b.cycles(TypedOptions.<Integer>value(line, "cycles", null));
            }
            if (line.hasOption("seed")) {
                b.seed(TypedOptions.<Long>value(line, "seed", null));
            }
            if (line.hasOption("device")) {
                b.device(device(line.getOptionValue("device")));
            }
            if (line.hasOption("limit")) {
                b.limit(TypedOptions.<Integer>value(line, "limit", null));
            }
            if (line.hasOption("bn-init")) {
                b.batchNormInit(batchNormInit(line.getOptionValue("bn-init")));
            }
            return b.vgg19(optionalPath(line, "vgg19")).resume(optionalPath(line, "resume"))
                    .scse(!line.hasOption("no-scse")).gum(!line.hasOption("no-gum"))
                    .augment(!line.hasOption("no-augment")).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** {@code --out}, or the run {@code --continue} names; both may be given when they name the same folder. */
    private static Path outputRoot(CommandLine line) {
        if (!line.hasOption("continue")) {
            if (!line.hasOption("out")) {
                throw new UsageException("Missing required option: out (or --continue DIR to continue a stopped run)");
            }
            return Path.of(line.getOptionValue("out"));
        }
        Path run = Path.of(line.getOptionValue("continue"));
        if (line.hasOption("out")) {
            Path out = Path.of(line.getOptionValue("out"));
            if (!out.toAbsolutePath().normalize().equals(run.toAbsolutePath().normalize())) {
                throw new UsageException("--continue " + run + " continues the run in " + run + ", but --out names "
                        + out + "; give one of them");
            }
        }
        return run;
    }

    private static Path optionalPath(CommandLine line, String name) {
        return line.hasOption(name) ? Path.of(line.getOptionValue(name)) : null;
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
}

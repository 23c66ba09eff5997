package org.tgssalt.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.function.UnaryOperator;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.tgssalt.cli.Command;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.cli.TypedOptions;
import org.tgssalt.cli.UsageException;

/**
 * {@code ./tgs train}: k-fold training of the reference network on a dataset folder, writing
 * {@code OUT/fold-K/} (checkpoint, history, curves, out-of-fold probabilities). Every training option and its
 * mapping is a {@link TrainOption}, shared with {@code ./tgs pipeline}.
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
        o.addOption(Option.builder().longOpt("continue").hasArg().argName("DIR").desc("continue the stopped run in"
                + " DIR (its --out) after its last completed epoch, with the same settings: parameters, Adam's state,"
                + " the schedule's position, the best epoch, the history and the random streams carry on, so it ends"
                + " as an uninterrupted run would; finished folds are kept, other settings or data are refused").get());
        o.addOption(TypedOptions.of("threads", "N", Integer.class, "PyTorch CPU threads (default: PyTorch's choice;"
                + " 1 is fastest on a busy machine)"));
        return TrainOption.declare(o, EnumSet.allOf(TrainOption.class), UnaryOperator.identity());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        TrainOptions options = parse(line);
        if (line.hasOption("threads")) {
            // read by DJL when the PyTorch engine starts, which happens below
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(TypedOptions.<Integer>value(line, "threads", null)));
        }
        for (FoldTrainer.Result r : Training.run(options, System.err)) {
            out.println(Training.summary(r));
        }
        return ExitCode.OK;
    }

    static TrainOptions parse(CommandLine line) {
        return TrainOption.parse(line, TrainOptions.builder(Path.of(line.getOptionValue("data")), outputRoot(line))
                .continueRun(line.hasOption("continue")));
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
}

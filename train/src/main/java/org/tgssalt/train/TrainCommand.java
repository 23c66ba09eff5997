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
        o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR").required()
                .desc("output root; fold K is written to DIR/fold-K").get());
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
        return TrainOption.parse(line, TrainOptions.builder(Path.of(line.getOptionValue("data")),
                Path.of(line.getOptionValue("out"))));
    }
}

package org.tgssalt.train.synthetic;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.tgssalt.InputException;
import org.tgssalt.cli.Command;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.cli.UsageException;

/** {@code ./tgs generate --out DIR [--train 400] [--test 100] [--seed 1]}: writes a synthetic TGS dataset. */
public final class GenerateCommand implements Command {
    @Override
    public String name() {
        return "generate";
    }

    @Override
    public String summary() {
        return "write a synthetic TGS-like dataset (images, masks, train.csv, depths.csv, test images)";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("out").hasArg().argName("DIR").required()
                        .desc("new or empty folder to write the dataset into").get())
                .addOption(Option.builder().longOpt("train").hasArg().argName("N")
                        .desc("train images with masks (default 400)").get())
                .addOption(Option.builder().longOpt("test").hasArg().argName("N")
                        .desc("test images (default 100)").get())
                .addOption(Option.builder().longOpt("seed").hasArg().argName("S")
                        .desc("random seed; the same seed writes the same bytes (default 1)").get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws IOException {
        Path dir = Path.of(line.getOptionValue("out"));
        int train = count(line, "train", 400);
        int test = count(line, "test", 100);
        long seed;
        try {
            seed = Long.parseLong(line.getOptionValue("seed", "1"));
        } catch (NumberFormatException e) {
            throw new UsageException("--seed must be an integer, got '" + line.getOptionValue("seed") + "'");
        }
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new InputException(dir.toString(), "exists and is not a folder");
            }
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new InputException(dir.toString(), "folder is not empty; choose a new or empty one");
                }
            }
        }
        new SyntheticTgsGenerator(seed).writeDataset(dir, train, test);
        out.println("wrote " + train + " train and " + test + " test images (seed " + seed + ") to " + dir);
        return ExitCode.OK;
    }

    private static int count(CommandLine line, String option, int defaultValue) {
        String value = line.getOptionValue(option);
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + option + " must be a whole number of 0 or more, got '" + value + "'");
    }
}

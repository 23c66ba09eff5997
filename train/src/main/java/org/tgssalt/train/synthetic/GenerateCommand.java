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
import org.tgssalt.cli.TypedOptions;

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
                .addOption(TypedOptions.of("train", "N", Integer.class, "train images with masks (default 400)"))
                .addOption(TypedOptions.of("test", "N", Integer.class, "test images (default 100)"))
                .addOption(TypedOptions.of("seed", "S", Long.class,
                        "random seed; the same seed writes the same bytes (default 1)"));
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws IOException {
        Path dir = Path.of(line.getOptionValue("out"));
        int train = TypedOptions.atLeast(line, "train", 0, 400);
        int test = TypedOptions.atLeast(line, "test", 0, 100);
        long seed = TypedOptions.value(line, "seed", 1L);
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
}

package org.tgssalt.train.datacheck;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.tgssalt.InputException;
import org.tgssalt.cli.Command;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.dataset.TgsDataset;

/** {@code ./tgs check-data --data DIR}: checks a dataset's layout and files, listing every problem. */
public final class CheckDataCommand implements Command {
    @Override
    public String name() {
        return "check-data";
    }

    @Override
    public String summary() {
        return "check a TGS dataset folder: files, train.csv, masks against their RLE, depths";
    }

    @Override
    public Options options() {
        return new Options().addOption(Option.builder().longOpt("data").hasArg().argName("DIR").required()
                .desc("dataset root (train/images, train/masks, train.csv, depths.csv, test/images)").get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) {
        Path root = Path.of(line.getOptionValue("data"));
        ConsistencyReport report = DatasetCheck.of(TgsDataset.at(root)).run();
        report.problems().forEach(out::println);
        out.println(root + ": " + report.summary());
        if (!report.ok()) {
            throw new InputException(root.toString(), report.problems().size()
                    + (report.problems().size() == 1 ? " problem" : " problems") + " found (listed on stdout)");
        }
        return ExitCode.OK;
    }
}

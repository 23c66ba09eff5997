package org.tgssalt.metric;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.tgssalt.cli.Command;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.cli.UsageException;
import org.tgssalt.dataset.TgsDataset;

/**
 * {@code ./tgs evaluate --data ROOT --submission CSV [--truth masks|csv] [--per-image FILE]}: scores a
 * submission against a dataset's train masks with the Kaggle metric.
 */
public final class EvaluateCommand implements Command {
    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "score a submission CSV (id,rle_mask) against a dataset's train masks with the Kaggle metric";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("data").hasArg().argName("ROOT").required()
                        .desc("dataset root holding the true masks").get())
                .addOption(Option.builder().longOpt("submission").hasArg().argName("CSV").required()
                        .desc("predicted masks as id,rle_mask").get())
                .addOption(Option.builder().longOpt("truth").hasArg().argName("SOURCE")
                        .desc("where the truth comes from: masks (train/masks/*.png) or csv (train.csv); "
                                + "default masks when train/masks exists, else csv").get())
                .addOption(Option.builder().longOpt("per-image").hasArg().argName("FILE")
                        .desc("also write each image's score, IoU and areas as CSV").get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        TgsDataset data = TgsDataset.at(Path.of(line.getOptionValue("data")));
        Path submission = Path.of(line.getOptionValue("submission"));
        SubmissionEvaluation.Truth truth;
        if (line.hasOption("truth")) {
            String text = line.getOptionValue("truth");
            truth = switch (text) {
                case "masks" -> SubmissionEvaluation.Truth.MASKS;
                case "csv" -> SubmissionEvaluation.Truth.CSV;
                default -> throw new UsageException("--truth must be masks or csv, got '" + text + "'");
            };
        } else {
            truth = SubmissionEvaluation.Truth.of(data);
        }
        MetricReport report = SubmissionEvaluation.evaluate(data, submission, truth);
        out.print(report.format());
        if (line.hasOption("per-image")) {
            Path perImage = Path.of(line.getOptionValue("per-image"));
            report.writePerImage(perImage);
            out.println("per-image scores: " + perImage);
        }
        return ExitCode.OK;
    }
}

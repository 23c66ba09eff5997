package org.tgssalt.metric;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.tgssalt.InputException;
import org.tgssalt.cli.Command;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.cli.UsageException;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.io.RealPath;

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
        Path perImage = line.hasOption("per-image") ? Path.of(line.getOptionValue("per-image")) : null;
        if (perImage != null) {
            refuseOverwritingAnInput(perImage, submission, data);
        }
        MetricReport report = SubmissionEvaluation.evaluate(data, submission, truth);
        out.print(report.format());
        if (perImage != null) {
            report.writePerImage(perImage);
            out.println("per-image scores: " + perImage);
        }
        return ExitCode.OK;
    }

    /**
     * Refuses, before any work, a {@code --per-image} file that is an input: the submission, the
     * dataset's CSV files or a file in its image and mask folders (real paths, links resolved).
     *
     * @throws InputException naming both paths
     */
    static void refuseOverwritingAnInput(Path perImage, Path submission, TgsDataset data) {
        RealPath out = RealPath.of(perImage);
        if (out.equals(RealPath.of(submission))) {
            throw new InputException(perImage.toString(), "--per-image names the --submission file " + submission
                    + "; writing it would overwrite the submission: choose another file");
        }
        for (Path input : List.of(data.trainCsv(), data.depthsCsv())) {
            if (out.equals(RealPath.of(input))) {
                throw new InputException(perImage.toString(), "--per-image names the dataset's " + input
                        + "; writing it would overwrite it: choose another file");
            }
        }
        for (Path folder : List.of(data.trainImagesDir(), data.trainMasksDir(), data.testImagesDir())) {
            if (Files.exists(out.path()) && out.isWithin(RealPath.of(folder))) {
                throw new InputException(perImage.toString(), "--per-image names a file of the dataset's folder "
                        + folder + "; writing it would overwrite it: choose another file");
            }
        }
    }
}

package org.tgssalt.metric;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.tgssalt.cli.Command;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.cli.UsageException;
import org.tgssalt.dataset.SubmissionCsv;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.KaggleImage;

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
        String truthSource = line.getOptionValue("truth",
                Files.isDirectory(data.trainMasksDir()) ? "masks" : "csv");
        SortedMap<String, BinaryMask> truth = switch (truthSource) {
            case "masks" -> readMaskFiles(data);
            case "csv" -> data.trainCsvMasks();
            default -> throw new UsageException("--truth must be masks or csv, got '" + truthSource + "'");
        };
        Map<String, BinaryMask> predicted =
                SubmissionCsv.readMasks(submission, KaggleImage.SIDE, KaggleImage.SIDE);
        String truthName = truthSource.equals("masks") ? data.trainMasksDir().toString() : data.trainCsv().toString();
        MetricReport report = KaggleMetric.evaluate(truth, predicted, truthName, submission.toString());
        out.print(report.format());
        if (line.hasOption("per-image")) {
            Path perImage = Path.of(line.getOptionValue("per-image"));
            report.writePerImage(perImage);
            out.println("per-image scores: " + perImage);
        }
        return ExitCode.OK;
    }

    private static SortedMap<String, BinaryMask> readMaskFiles(TgsDataset data) {
        SortedMap<String, BinaryMask> masks = new TreeMap<>();
        for (String id : data.trainIds()) {
            masks.put(id, data.trainMask(id));
        }
        return masks;
    }
}

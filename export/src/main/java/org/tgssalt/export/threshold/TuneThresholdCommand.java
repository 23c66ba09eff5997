package org.tgssalt.export.threshold;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.tgssalt.cli.Command;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.cli.UsageException;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.manifest.EnsembleManifest;

/**
 * {@code ./tgs tune-threshold --checkpoints DIR --models DIR [--data ROOT]}: reads every fold's
 * out-of-fold probabilities ({@code DIR/fold-K/oof}) and the true masks, picks the threshold in
 * 0.30..0.70 (step 0.01) with the best Kaggle metric and writes it into {@code MODELS/ensemble.json}.
 */
public final class TuneThresholdCommand implements Command {
    @Override
    public String name() {
        return "tune-threshold";
    }

    @Override
    public String summary() {
        return "pick the mask threshold (0.30..0.70) that maximises the out-of-fold Kaggle metric; store it in ensemble.json";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("checkpoints").hasArg().argName("DIR").required()
                        .desc("training output folder holding fold-K/oof out-of-fold probabilities").get())
                .addOption(Option.builder().longOpt("models").hasArg().argName("DIR").required()
                        .desc("export folder holding ensemble.json (updated in place)").get())
                .addOption(Option.builder().longOpt("data").hasArg().argName("ROOT")
                        .desc("dataset root with the true train masks (default: ${tgs.shared.dir}/tgs when present)")
                        .get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        Path checkpoints = Path.of(line.getOptionValue("checkpoints"));
        Path manifestFile = Path.of(line.getOptionValue("models")).resolve(EnsembleManifest.FILE_NAME);
        TgsDataset data = TgsDataset.at(dataRoot(line));
        ThresholdTuner.Tuning tuning = ThresholdTuner.tuneAndRecord(checkpoints, manifestFile, data);
        out.printf(Locale.ROOT, "threshold %.2f: mAP %.4f on %d out-of-fold images (%.4f at 0.50, gain %+.4f); "
                + "written to %s%n", tuning.threshold(), tuning.score(), tuning.images(), tuning.defaultScore(),
                tuning.gain(), manifestFile);
        return ExitCode.OK;
    }

    private static Path dataRoot(CommandLine line) throws UsageException {
        if (line.hasOption("data")) {
            return Path.of(line.getOptionValue("data"));
        }
        String shared = System.getProperty("tgs.shared.dir");
        if (shared != null && Files.isDirectory(Path.of(shared, "tgs"))) {
            return Path.of(shared, "tgs");
        }
        throw new UsageException("--data is needed: the dataset root with the true train masks");
    }
}

package org.tgssalt.app;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.tgssalt.InputException;
import org.tgssalt.cli.Command;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.cli.Launcher;
import org.tgssalt.cli.UsageException;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.manifest.EnsembleManifest;

/**
 * {@code ./tgs pipeline}: train every fold, export the ensemble, tune the threshold on the out-of-fold
 * probabilities, evaluate them, and score the data set's test folder.
 *
 * <p>Each step is the same command a user would type (run in-process through the {@link Launcher}), so
 * the pipeline has no behaviour of its own to drift from the single commands; it only chooses small CPU
 * defaults and the folder layout under {@code --out}.
 */
public final class PipelineCommand implements Command {
    @Override
    public String name() {
        return "pipeline";
    }

    @Override
    public String summary() {
        return "train all folds -> export -> tune threshold -> evaluate out-of-fold -> score the test folder";
    }

    @Override
    public Options options() {
        Options options = new Options();
        options.addOption(Option.builder().longOpt("data").hasArg().argName("DIR").required()
                .desc("data set root (train/, train.csv, depths.csv, test/images); e.g. from ./tgs generate").get());
        options.addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
                .desc("output root (default out/pipeline)").get());
        options.addOption(Option.builder().longOpt("folds").hasArg().argName("K")
                .desc("cross-validation folds, all trained (default 10)").get());
        options.addOption(Option.builder().longOpt("epochs").hasArg().argName("N")
                .desc("epochs per fold (default 8: a CPU-sized run)").get());
        options.addOption(Option.builder().longOpt("width").hasArg().argName("F")
                .desc("network width factor; 2 is the reference (default 0.5 on CPU)").get());
        options.addOption(Option.builder().longOpt("batch").hasArg().argName("N")
                .desc("training batch size (default 16; the reference uses 40)").get());
        options.addOption(Option.builder().longOpt("limit").hasArg().argName("N")
                .desc("use only the first N training images").get());
        options.addOption(Option.builder().longOpt("device").hasArg().argName("auto|cpu|cuda[:N]")
                .desc("training device (default auto); scoring uses the CPU with cpu, else auto").get());
        options.addOption(Option.builder().longOpt("seed").hasArg().argName("N")
                .desc("training seed").get());
        options.addOption(Option.builder().longOpt("vgg19").hasArg().argName("FILE")
                .desc("VGG19 weights for the topology loss (see docs/VGG19.md); off without").get());
        options.addOption(Option.builder().longOpt("separate")
                .desc("score with the separate fold graphs instead of the fused ensemble graph").get());
        return options;
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        Path data = Path.of(line.getOptionValue("data"));
        if (!Files.isDirectory(data)) {
            throw new InputException(data.toString(), "no such data set folder");
        }
        TgsDataset dataset = TgsDataset.at(data);
        Path root = Path.of(line.getOptionValue("out", "out/pipeline"));
        Path checkpoints = root.resolve("checkpoints");
        Path models = root.resolve("models");
        Path submission = root.resolve("submission.csv");
        Path oofSubmission = root.resolve("oof-submission.csv");
        Path testImages = dataset.testImagesDir();
        PipelineSteps steps = new PipelineSteps(out);

        List<String> train = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", checkpoints.toString(),
                "--folds", line.getOptionValue("folds", "10"), "--epochs", line.getOptionValue("epochs", "8"),
                "--width", line.getOptionValue("width", "0.5"), "--batch", line.getOptionValue("batch", "16"),
                "--device", line.getOptionValue("device", "auto")));
        copy(line, "limit", train);
        copy(line, "seed", train);
        copy(line, "vgg19", train);
        steps.run("1/5 train", train);
        steps.run("2/5 export", List.of("export", "--checkpoints", checkpoints.toString(), "--out", models.toString(),
                "--fused"));
        steps.run("3/5 tune threshold", List.of("tune-threshold", "--checkpoints", checkpoints.toString(),
                "--models", models.toString(), "--data", data.toString()));
        steps.step("4/5 out-of-fold masks at the tuned threshold -> " + oofSubmission);
        OutOfFoldSubmission.write(checkpoints, models.resolve(EnsembleManifest.FILE_NAME), oofSubmission);
        steps.run("4/5 out-of-fold evaluation", List.of("evaluate", "--data", data.toString(),
                "--submission", oofSubmission.toString(), "--per-image", root.resolve("oof-per-image.csv").toString()));
        if (Files.isDirectory(testImages)) {
            List<String> score = new ArrayList<>(List.of("score", "--models", models.toString(),
                    "--images", testImages.toString(), "--out", submission.toString(),
                    "--overlays", root.resolve("overlays").toString()));
            if (line.hasOption("separate")) {
                score.add("--separate");
            }
            steps.run("5/5 score test images", score);
        } else {
            out.println("5/5 score: skipped, " + testImages + " does not exist");
        }

        out.println();
        out.println("pipeline done:");
        out.println("  checkpoints, curves:   " + checkpoints + "/fold-K/ (curves.png, history.csv)");
        out.println("  ONNX ensemble:         " + models + "/ (ensemble.json, fold-K.onnx, ensemble.onnx)");
        out.println("  out-of-fold scores:    " + oofSubmission + ", " + root.resolve("oof-per-image.csv"));
        if (Files.isDirectory(testImages)) {
            out.println("  test submission:       " + submission + " (+ report .json, overlays/)");
        }
        return ExitCode.OK;
    }

    private static void copy(CommandLine line, String option, List<String> args) {
        if (line.hasOption(option)) {
            args.add("--" + option);
            args.add(line.getOptionValue(option));
        }
    }

    /** Runs the steps in order through the launcher and stops at the first that fails. */
    private static final class PipelineSteps {
        private final PrintStream out;
        private final Launcher launcher;

        PipelineSteps(PrintStream out) {
            this.out = out;
            this.launcher = Launcher.discover(out, System.err);
        }

        void step(String title) {
            out.println();
            out.println("== " + title);
        }

        void run(String title, List<String> args) {
            step(title + ": ./tgs " + String.join(" ", args));
            int code = launcher.run(args.toArray(String[]::new));
            if (code == ExitCode.USAGE) {
                throw new UsageException("step '" + title + "' was given arguments it does not accept (see above)");
            }
            if (code != ExitCode.OK) {
                throw new IllegalStateException("step '" + title + "' failed (see the line above); later steps not run");
            }
        }
    }
}

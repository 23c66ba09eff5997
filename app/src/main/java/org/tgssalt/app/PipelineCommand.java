package org.tgssalt.app;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.tgssalt.InputException;
import org.tgssalt.cli.Command;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.ensemble.EnsembleOptions;
import org.tgssalt.export.SaltNetExporter;
import org.tgssalt.export.graph.ExportOptions;
import org.tgssalt.export.threshold.ThresholdTuner;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.metric.MetricReport;
import org.tgssalt.metric.SubmissionEvaluation;
import org.tgssalt.progress.ProgressFactory;
import org.tgssalt.scoring.FolderScorer;
import org.tgssalt.scoring.OnError;
import org.tgssalt.scoring.ScoreReport;
import org.tgssalt.scoring.ScoreSettings;
import org.tgssalt.train.FoldTrainer;
import org.tgssalt.train.TrainOption;
import org.tgssalt.train.TrainOptions;
import org.tgssalt.train.Training;

/**
 * {@code ./tgs pipeline}: train every fold, export the ensemble, tune the threshold on the out-of-fold
 * probabilities, evaluate them, and score the data set's test folder.
 *
 * <p>Each step calls the API behind the single command ({@link Training}, {@link SaltNetExporter},
 * {@link ThresholdTuner#tuneAndRecord}, {@link SubmissionEvaluation}, {@link FolderScorer}), so the
 * pipeline has no behaviour of its own to drift from them; it only chooses small CPU defaults (a preset over
 * {@link TrainOptions#builder}, read through train's own {@link TrainOption} mapping) and the folder layout
 * under {@code --out}.
 */
public final class PipelineCommand implements Command {
    /** The training options the pipeline offers; the others keep train's defaults. */
    private static final List<TrainOption> TRAINING = List.of(TrainOption.FOLDS, TrainOption.EPOCHS,
            TrainOption.WIDTH, TrainOption.BATCH, TrainOption.LIMIT, TrainOption.DEVICE, TrainOption.SEED,
            TrainOption.VGG19);
    /** Train's defaults made CPU-sized: every fold of a small network, briefly. */
    private static final UnaryOperator<TrainOptions.Builder> CPU_SIZED = b -> b.epochs(8).width(0.5).batchSize(16);

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
        TrainOption.declare(options, TRAINING, CPU_SIZED);
        Option device = options.getOption(TrainOption.DEVICE.longName());
        device.setDescription(device.getDescription() + "; scoring then runs on the CPU with cpu, else auto");
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
        Path manifest = models.resolve(EnsembleManifest.FILE_NAME);
        Path submission = root.resolve("submission.csv");
        Path oofSubmission = root.resolve("oof-submission.csv");
        Path perImage = root.resolve("oof-per-image.csv");
        Path testImages = dataset.testImagesDir();
        TrainOptions training = TrainOption.parse(line, CPU_SIZED.apply(TrainOptions.builder(data, checkpoints)));

        step(out, "1/5 train " + training.folds() + " folds into " + checkpoints);
        for (FoldTrainer.Result r : Training.run(training, System.err)) {
            out.println(Training.summary(r));
        }
        step(out, "2/5 export -> " + models);
        SaltNetExporter.ExportResult export = new SaltNetExporter(System.err::println).export(new SaltNetExporter.Request(
                checkpoints, models, true, SaltNetExporter.sharedParityData(), ExportOptions.DEFAULT));
        out.printf(Locale.ROOT, "exported %d fold graphs and the fused graph (max |fused - separate| %.2e)%n",
                export.manifest().folds().size(), export.fusedDifference());
        step(out, "3/5 tune threshold");
        ThresholdTuner.Tuning tuning = ThresholdTuner.tuneAndRecord(checkpoints, manifest, dataset);
        out.printf(Locale.ROOT, "threshold %.2f: mAP %.4f on %d out-of-fold images; written to %s%n",
                tuning.threshold(), tuning.score(), tuning.images(), manifest);
        step(out, "4/5 out-of-fold masks at the tuned threshold -> " + oofSubmission);
        OutOfFoldSubmission.write(checkpoints, manifest, oofSubmission);
        MetricReport report = SubmissionEvaluation.evaluate(dataset, oofSubmission,
                SubmissionEvaluation.Truth.of(dataset));
        out.print(report.format());
        report.writePerImage(perImage);
        if (Files.isDirectory(testImages)) {
            step(out, "5/5 score test images -> " + submission);
            EnsembleOptions scoring = EnsembleOptions.builder()
                    .device(training.device().kind() == ExecutionDevice.Kind.CPU ? ExecutionDevice.CPU
                            : ExecutionDevice.AUTO)
                    .fused(line.hasOption("separate") ? Boolean.FALSE : null).build();
            ScoreReport scored = new FolderScorer(ProgressFactory.find(),
                    note -> System.err.println("tgs pipeline: " + note)).score(new ScoreSettings(manifest, testImages,
                    submission, null, root.resolve("overlays"), OnError.FAIL, scoring));
            out.printf(Locale.ROOT, "scored %d images on %s (%.2f images/s): %s%n", scored.scored(), scored.device(),
                    scored.imagesPerSecond(), scored.submission());
        } else {
            out.println("5/5 score: skipped, " + testImages + " does not exist");
        }

        out.println();
        out.println("pipeline done:");
        out.println("  checkpoints, curves:   " + checkpoints + "/fold-K/ (curves.png, history.csv)");
        out.println("  ONNX ensemble:         " + models + "/ (ensemble.json, fold-K.onnx, ensemble.onnx)");
        out.println("  out-of-fold scores:    " + oofSubmission + ", " + perImage);
        if (Files.isDirectory(testImages)) {
            out.println("  test submission:       " + submission + " (+ report .json, overlays/)");
        }
        return ExitCode.OK;
    }

    private static void step(PrintStream out, String title) {
        out.println();
        out.println("== " + title);
    }
}

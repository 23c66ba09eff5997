package org.tgssalt.scoring;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.tgssalt.cli.Command;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.cli.TypedOptions;
import org.tgssalt.cli.UsageException;
import org.tgssalt.ensemble.EnsembleOptions;
import org.tgssalt.manifest.Precision;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.progress.ProgressFactory;

/** {@code ./tgs score}: scores a folder of images into a Kaggle submission with the fold ensemble. */
public final class ScoreCommand implements Command {
    static final String DEFAULT_MODELS = "samples/models";
    static final String DEFAULT_IMAGES = "samples/data/test/images";
    static final String DEFAULT_OUT = "out/submission.csv";

    @Override
    public String name() {
        return "score";
    }

    @Override
    public String summary() {
        return "score a folder of images with the fold ensemble into a submission CSV";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(arg("models", "DIR", "folder with ensemble.json and the fold graphs (default "
                + DEFAULT_MODELS + ")"));
        o.addOption(arg("images", "DIR", "folder of 101x101 PNG images (default " + DEFAULT_IMAGES + ")"));
        o.addOption(arg("out", "FILE", "submission CSV to write; the report goes beside it (default "
                + DEFAULT_OUT + ")"));
        o.addOption(arg("probabilities", "DIR", "also write 8-bit probability PNGs here"));
        o.addOption(arg("overlays", "DIR", "write outline overlays here, or none (default: overlays/ beside --out)"));
        o.addOption(arg("on-error", "fail|skip", "bad image: stop before writing (fail, default) or skip it"));
        return addEnsembleOptions(o, "ONNX Runtime intra-op threads (default: all cores)");
    }

    /**
     * Declares the ensemble options that {@link #ensembleOptions} reads ({@code --threshold}, {@code --batch},
     * {@code --device}, {@code --threads}, {@code --separate}, {@code --fused}, {@code --precision});
     * {@code spark-score} offers them too.
     *
     * @param threadsDescription the help of {@code --threads}, whose default differs between commands
     * @return {@code o}
     */
    public static Options addEnsembleOptions(Options o, String threadsDescription) {
        o.addOption(TypedOptions.of("threshold", "T", Double.class, "mask threshold in (0,1) (default: the manifest's)"));
        o.addOption(TypedOptions.of("batch", "N", Integer.class, "images per graph call (default "
                + EnsembleOptions.DEFAULT_BATCH_SIZE + ")"));
        o.addOption(arg("device", "D", "auto, cpu, cuda or cuda:N (default auto)"));
        o.addOption(TypedOptions.of("threads", "N", Integer.class, threadsDescription));
        o.addOption(Option.builder().longOpt("separate").desc("run the separate fold graphs (default: the fused "
                + "ensemble graph when the manifest lists one)").get());
        o.addOption(Option.builder().longOpt("fused").desc("run the fused ensemble graph, and fail when the "
                + "manifest lists none").get());
        o.addOption(arg("precision", Precision.choices(), "fp32 (default) or the calibrated int8 graphs that "
                + "export --int8 wrote (an error when the manifest lists none)"));
        return o;
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        ScoreSettings settings = settings(line);
        ScoreReport report = new FolderScorer(ProgressFactory.find(), note -> System.err.println("tgs score: " + note))
                .score(settings);
        out.printf(Locale.ROOT, "scored %d images on %s in %.1f s (%.2f images/s): %s%n", report.scored(),
                report.device(), report.wallSeconds(), report.imagesPerSecond(), report.submission());
        out.println("ONNX Runtime " + report.onnxRuntime().describe());
        out.printf(Locale.ROOT, "%d empty masks, %d skipped; report %s%n", report.emptyMasks(),
                report.skipped().size(), settings.report());
        return ExitCode.OK;
    }

    /** The command line as settings. @throws UsageException for a bad value */
    static ScoreSettings settings(CommandLine line) {
        Path models = path(line, "models", DEFAULT_MODELS);
        Path submission = path(line, "out", DEFAULT_OUT);
        // Overlays go beside the submission unless told otherwise: out/overlays for the default out.
        Path overlays = !line.hasOption("overlays") ? submission.resolveSibling("overlays")
                : line.getOptionValue("overlays").equals("none") ? null : Path.of(line.getOptionValue("overlays"));
        Path probabilities = line.hasOption("probabilities") ? Path.of(line.getOptionValue("probabilities")) : null;
        OnError onError;
        try {
            onError = OnError.parse(line.getOptionValue("on-error", "fail"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--on-error " + e.getMessage());
        }
        return new ScoreSettings(CommandPaths.manifest(models), path(line, "images", DEFAULT_IMAGES),
                submission, probabilities, overlays, onError, ensembleOptions(line, true));
    }

    /** {@code --precision}'s value. @throws UsageException naming the accepted values */
    static Precision precision(String text) {
        try {
            return Precision.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--precision: " + e.getMessage());
        }
    }

    /**
     * The ensemble options shared by score, bench and spark-score ({@code --batch} and {@code --precision} only
     * when {@code readBatch}: bench takes lists there), checked as {@link EnsembleOptions} checks them.
     *
     * @throws UsageException for a bad value
     */
    public static EnsembleOptions ensembleOptions(CommandLine line, boolean readBatch) {
        if (line.hasOption("separate") && line.hasOption("fused")) {
            throw new UsageException("--separate and --fused exclude each other");
        }
        EnsembleOptions.Builder b = EnsembleOptions.builder()
                .fused(line.hasOption("separate") ? Boolean.FALSE : line.hasOption("fused") ? Boolean.TRUE : null)
                .device(TypedOptions.parsed(line, "device", ExecutionDevice::parse, ExecutionDevice.AUTO));
        if (line.hasOption("threshold")) {
            b.threshold(TypedOptions.<Double>value(line, "threshold", null));
        }
        if (readBatch && line.hasOption("batch")) {
            b.batchSize(TypedOptions.<Integer>value(line, "batch", null));
        }
        if (readBatch && line.hasOption("precision")) {
            b.precision(precision(line.getOptionValue("precision")));
        }
        if (line.hasOption("threads")) {
            b.intraOpThreads(TypedOptions.<Integer>value(line, "threads", null));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static Option arg(String name, String argName, String description) {
        return Option.builder().longOpt(name).hasArg().argName(argName).desc(description).get();
    }

    private static Path path(CommandLine line, String name, String defaultRelative) {
        return line.hasOption(name) ? Path.of(line.getOptionValue(name)) : CommandPaths.defaultPath(defaultRelative);
    }
}

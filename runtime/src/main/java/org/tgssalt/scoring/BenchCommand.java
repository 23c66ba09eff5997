package org.tgssalt.scoring;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.tgssalt.InputException;
import org.tgssalt.cli.Command;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.cli.TypedOptions;
import org.tgssalt.cli.UsageException;
import org.tgssalt.ensemble.EnsembleOptions;
import org.tgssalt.ensemble.OperatorProfile;
import org.tgssalt.manifest.Precision;

/**
 * {@code ./tgs bench}: the ensemble's throughput on synthetic images, per batch size and for the
 * separate and/or fused graphs: images/s, fold forward passes/s, FLOPs per image (from the
 * manifest's {@code flopsPerPass}, which export counts from the graph), achieved GFLOP/s and
 * resident memory. The first line names the ONNX Runtime artifact, version and execution providers. With
 * {@code --profile DIR}, each configuration's kernel time per operator type follows the table.
 */
public final class BenchCommand implements Command {
    private static final List<Integer> DEFAULT_BATCHES = List.of(1, 8, 32);

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "measure the ensemble's throughput (images/s, passes/s, GFLOP/s, memory) on synthetic images";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(ScoreCommand.arg("models", "DIR", "folder with ensemble.json and the fold graphs (default "
                + ScoreCommand.DEFAULT_MODELS + ")"));
        o.addOption(TypedOptions.of("images", "N", Integer.class, "synthetic images per configuration (default 32)"));
        o.addOption(TypedOptions.listOf("batch", "LIST", Integer.class, "batch sizes, comma-separated (default 1,8,32)"));
        o.addOption(TypedOptions.of("threads", "N", Integer.class, "ONNX Runtime intra-op threads (default: all cores)"));
        o.addOption(ScoreCommand.arg("device", "D", "auto, cpu, cuda or cuda:N (default auto)"));
        o.addOption(Option.builder().longOpt("separate").desc("only the separate fold graphs (default: the fused "
                + "graph when the manifest lists one)").get());
        o.addOption(Option.builder().longOpt("fused").desc("only the fused graph (fails when the manifest lists none)")
                .get());
        o.addOption(Option.builder().longOpt("both").desc("separate and fused graphs").get());
        o.addOption(ScoreCommand.arg("precision", "LIST", "fp32, int8 or both, comma-separated, measured in this "
                + "order in the same run (default fp32; int8 needs the graphs export --int8 writes)"));
        o.addOption(ScoreCommand.arg("profile", "DIR", "also profile every configuration with ONNX Runtime "
                + "(traces in DIR/separate-b1/, DIR/fused-int8-b4/ and so on, created) and print the kernel time "
                + "per operator type: which kernels ran and where the time goes. Profiling slows the runs: take "
                + "throughput from a run without it"));
        return o;
    }

    @Override
    public int run(CommandLine line, PrintStream out) {
        Path models = line.hasOption("models") ? Path.of(line.getOptionValue("models"))
                : CommandPaths.defaultPath(ScoreCommand.DEFAULT_MODELS);
        Path manifest = CommandPaths.manifest(models);
        int images = TypedOptions.atLeast(line, "images", 1, 32);
        if (line.hasOption("both") && (line.hasOption("fused") || line.hasOption("separate"))) {
            throw new UsageException("--both excludes --fused and --separate");
        }
        List<Integer> batches = TypedOptions.wholeNumbers(line, "batch", 1, EnsembleOptions.MAX_BATCH_SIZE,
                DEFAULT_BATCHES);
        EnsembleOptions base = ScoreCommand.ensembleOptions(line, false);
        List<Precision> precisions = new ArrayList<>();
        for (String p : line.getOptionValue("precision", Precision.FP32.text()).split(",", -1)) {
            precisions.add(ScoreCommand.precision(p.trim()));
        }
        List<Boolean> modes = new ArrayList<>();
        if (line.hasOption("both")) {
            modes.addAll(List.of(false, true));
        } else {
            modes.add(base.fused()); // null: the manifest decides
        }
        Path profileRoot = line.hasOption("profile") ? Path.of(line.getOptionValue("profile")) : null;
        Map<String, OperatorProfile> profiles = new LinkedHashMap<>();
        boolean first = true;
        for (Boolean fused : modes) {
            for (int batch : batches) {
                for (Precision precision : precisions) {
                    EnsembleOptions options = base.toBuilder().fused(fused).batchSize(batch).precision(precision)
                            .profileDirectory(profileRoot == null ? null : profileFolder(profileRoot, fused, batch,
                                    precision))
                            .build();
                    BenchResult r = EnsembleBenchmark.run(manifest, options, images);
                    if (first) {
                        // Known once an ensemble has opened (the environment takes its thread count from the options).
                        out.println("ONNX Runtime " + r.onnxRuntime().describe());
                        out.println("graphs        batch  images  images/s  passes/s  GFLOP/img  GFLOP/s  "
                                + "RSS half/end/peak MiB  device");
                        first = false;
                    }
                    // float32 rows keep their plain label; int8 rows say so (fused-int8, separate-int8)
                    String label = precision == Precision.FP32 ? r.graphs() : r.graphs() + "-" + precision.text();
                    out.printf(Locale.ROOT, "%-13s %5d %7d %9.3f %9.2f %10s %8s  %7s/%s/%s  %s%n", label,
                            r.batchSize(),
                            r.images(), r.imagesPerSecond(), r.passesPerSecond(),
                            r.flopsPerImage() < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", r.flopsPerImage() / 1e9),
                            Double.isNaN(r.gflopsPerSecond()) ? "n/a" : String.format(Locale.ROOT, "%.1f",
                                    r.gflopsPerSecond()),
                            mib(r.residentBytesHalfway()), mib(r.residentBytesAfter()), mib(r.peakResidentBytes()),
                            r.device());
                    out.flush();
                    if (r.profile() != null) {
                        profiles.put(label + ", batch " + r.batchSize() + " (" + options.profileDirectory() + ")",
                                r.profile());
                    }
                }
            }
        }
        profiles.forEach((title, profile) -> printProfile(out, title, profile));
        return ExitCode.OK;
    }

    /** DIR/fused-int8-b4: a folder per configuration, since ONNX Runtime names traces by graph and second. */
    private static Path profileFolder(Path root, Boolean fused, int batch, Precision precision) {
        String graphs = fused == null ? "default" : fused ? "fused" : "separate";
        String label = precision == Precision.FP32 ? graphs : graphs + "-" + precision.text();
        Path folder = root.resolve(label + "-b" + batch);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new InputException(folder.toString(), "cannot create the profile folder: " + e.getMessage());
        }
        return folder;
    }

    /** Operators over 1% of the kernel time, one line each; the rest summed on one line. */
    private static void printProfile(PrintStream out, String title, OperatorProfile profile) {
        out.println();
        out.printf(Locale.ROOT, "profile of %s: %d graph runs, kernels %.1f ms per run (%.0f%% of the run time)%n",
                title, profile.runs(), profile.kernelMicros() / 1e3 / Math.max(1, profile.runs()),
                profile.runMicros() == 0 ? 0 : 100.0 * profile.kernelMicros() / profile.runMicros());
        out.println("  operator                   provider    calls    ms/run   share");
        long restMicros = 0;
        int rest = 0;
        for (OperatorProfile.OperatorTime t : profile.operators()) {
            if (profile.share(t) < 0.01) {
                restMicros += t.micros();
                rest++;
                continue;
            }
            out.printf(Locale.ROOT, "  %-26s %-8s %8d %9.2f  %5.1f%%%n", t.operator(), t.provider(), t.calls(),
                    t.micros() / 1e3 / Math.max(1, profile.runs()), 100 * profile.share(t));
        }
        if (rest > 0) {
            out.printf(Locale.ROOT, "  %-26s %-8s %8s %9.2f  %5.1f%%%n", rest + " more, each under 1%", "", "",
                    restMicros / 1e3 / Math.max(1, profile.runs()),
                    100.0 * restMicros / Math.max(1, profile.kernelMicros()));
        }
        out.flush();
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : Long.toString(bytes >> 20);
    }
}

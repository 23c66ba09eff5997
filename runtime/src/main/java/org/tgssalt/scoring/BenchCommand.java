package org.tgssalt.scoring;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

/**
 * {@code ./tgs bench}: the ensemble's throughput on synthetic images, per batch size and for the
 * separate and/or fused graphs: images/s, fold forward passes/s, FLOPs per image (from the
 * manifest's {@code flopsPerPass}, which export counts from the graph), achieved GFLOP/s and
 * resident memory. The first line names the ONNX Runtime artifact, version and execution providers.
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
        boolean first = true;
        for (Boolean fused : modes) {
            for (int batch : batches) {
                for (Precision precision : precisions) {
                    EnsembleOptions options = base.toBuilder().fused(fused).batchSize(batch).precision(precision)
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
                }
            }
        }
        return ExitCode.OK;
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : Long.toString(bytes >> 20);
    }
}

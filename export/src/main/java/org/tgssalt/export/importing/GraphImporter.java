package org.tgssalt.export.importing;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.tgssalt.InputException;
import org.tgssalt.export.ExportProvenance;
import org.tgssalt.export.CheckedFusedGraph;
import org.tgssalt.export.SaltNetExporter;
import org.tgssalt.export.flops.FlopCounter;
import org.tgssalt.export.graph.FusedEnsembleGraph;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.parity.ParityCheck;
import org.tgssalt.export.parity.ParityException;
import org.tgssalt.export.parity.ParityImages;
import org.tgssalt.geometry.ImageConvention;
import org.tgssalt.image.GrayImage;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.io.AtomicFile;
import org.tgssalt.io.Sha256;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.FoldGraph;
import org.tgssalt.manifest.TensorSpec;
import org.tgssalt.manifest.Threshold;

/**
 * Turns foreign fold graphs into {@code OUT/fold-K.onnx} ({@link WrappedGraph}), proves each equal to its foreign
 * graph with the framing done in Java ({@link ImportParity}; a graph over the tolerance is deleted and the import
 * fails naming the fold), optionally composes {@code OUT/ensemble.onnx} (checked against the separate graphs
 * through the scorer, as {@code export} does) and writes {@code OUT/ensemble.json}, read back before returning.
 * Every graph is read and checked before the first file is written.
 *
 * <pre>{@code
 * ImportResult r = new GraphImporter(System.err::println).importGraphs(new GraphImporter.Request(
 *         List.of(Path.of("fold0.onnx"), Path.of("fold1.onnx")), Path.of("out/models"), convention,
 *         null, "logits", false, null, ParityCheck.TOLERANCE));
 * }</pre>
 */
public final class GraphImporter {
    private static final long PARITY_SEED = 20181019L;

    private final Consumer<String> log;

    /** @param log receives one line per step */
    public GraphImporter(Consumer<String> log) {
        this.log = log;
    }

    /**
     * What to import.
     *
     * @param graphs the foreign graphs, in fold order unless their names carry fold numbers ({@link FoldNumbers})
     * @param out where the graphs and the manifest go (created if missing)
     * @param convention the framing every graph expects
     * @param inputName the foreign input to feed, or null for the only one
     * @param outputName the foreign output to take, or null for the only one
     * @param fused whether to write {@code ensemble.onnx} too
     * @param parityData a TGS data folder whose training images join the parity inputs, or null
     * @param parityTolerance the max abs probability difference each wrapped graph is held to
     */
    public record Request(List<Path> graphs, Path out, ImageConvention convention, String inputName,
            String outputName, boolean fused, Path parityData, double parityTolerance) {
        public Request {
            graphs = List.copyOf(graphs);
        }
    }

    /**
     * What was imported.
     *
     * @param manifest the manifest as written and read back
     * @param parity one report per fold graph
     * @param fusedDifference max |fused - separate| when a fused graph was written, else NaN
     */
    public record ImportResult(EnsembleManifest manifest, List<ParityCheck.Report> parity, double fusedDifference) {
    }

    /**
     * Runs the import.
     *
     * @throws InputException naming the file and the problem for a graph that cannot be imported
     * @throws ParityException naming the fold and the difference when a wrapped graph disagrees
     */
    public ImportResult importGraphs(Request request) throws IOException, OrtException {
        if (request.graphs().isEmpty()) {
            throw new InputException("--graphs", "no graphs to import");
        }
        Map<Integer, Path> files = FoldNumbers.of(request.graphs());
        Map<Integer, ForeignGraph> graphs = new TreeMap<>();
        for (Map.Entry<Integer, Path> f : files.entrySet()) {
            graphs.put(f.getKey(), ForeignGraph.read(f.getValue(), request.inputName(), request.outputName()));
        }
        checkOneConvention(graphs);
        for (ForeignGraph g : graphs.values()) {
            g.check(request.convention());
        }
        boolean fixed = graphs.values().stream().anyMatch(ForeignGraph::fixedBatch);
        if (request.fused() && fixed) {
            ForeignGraph first = graphs.values().stream().filter(ForeignGraph::fixedBatch).findFirst().orElseThrow();
            throw new InputException("--fused", first.file() + " takes a fixed batch of 1, and the fused graph feeds "
                    + "each fold the image and its mirror as one batch of 2; import without --fused (the fold graphs "
                    + "are then scored one image at a time), or export the model with a dynamic batch axis "
                    + "(torch.onnx.export(..., dynamic_axes={'input': {0: 'N'}, 'output': {0: 'N'}}))");
        }
        refuseOverwritingSources(request.out(), graphs);
        Files.createDirectories(request.out());
        long batch = fixed ? 1 : GraphBuilder.BATCH;
        if (fixed) {
            log.accept("a graph takes a fixed batch of 1: the ensemble is scored one image at a time");
        }
        List<GrayImage> images = ParityImages.collect(request.parityData(), ParityCheck.MIN_IMAGES, PARITY_SEED);
        log.accept("parity inputs: " + images.size() + " images ("
                + ParityImages.realCount(request.parityData(), ParityCheck.MIN_IMAGES) + " real)");
        String git = ExportProvenance.gitCommit();
        Map<String, String> provenance = new TreeMap<>(ImportProvenance.convention(request.convention()));
        provenance.putAll(ImportProvenance.environment(git));
        provenance.put("parityTolerance", String.format(Locale.ROOT, "%.0e", request.parityTolerance()));
        List<FoldGraph> folds = new ArrayList<>();
        List<ModelProto> models = new ArrayList<>();
        List<ParityCheck.Report> reports = new ArrayList<>();
        for (Map.Entry<Integer, ForeignGraph> e : graphs.entrySet()) {
            int k = e.getKey();
            ForeignGraph foreign = e.getValue();
            log.accept("fold " + k + ": " + foreign.file() + " (" + foreign.summary() + ")");
            ModelProto model = WrappedGraph.build(foreign, request.convention(), batch, "fold-" + k,
                    ImportProvenance.forFold(k, foreign, request.convention(), git));
            Path file = request.out().resolve("fold-" + k + ".onnx");
            byte[] bytes = model.toByteArray();
            AtomicFile.writeBytes(file, bytes);
            ParityCheck.Report report = ParityCheck.verifyOrDelete(file, () -> ImportParity.verify("fold " + k + " ("
                    + foreign.file().getFileName() + ")", foreign, bytes, request.convention(), images,
                    request.parityTolerance()));
            log.accept(String.format(Locale.ROOT, "%s written; %s: wrapped graph vs the foreign graph with Java "
                    + "framing on %d images, max |diff| %.2e (limit %.0e)", file.getFileName(), report.label(),
                    report.images(), report.maxAbsDifference(), report.tolerance()));
            folds.add(new FoldGraph(k, file.getFileName().toString(), Sha256.of(bytes), null));
            models.add(model);
            reports.add(report);
            ImportProvenance.source(foreign).forEach((key, v) -> provenance.put("fold-" + k + "." + key, v));
            provenance.put("fold-" + k + ".parityMaxAbsDifference", String.format(Locale.ROOT, "%.3e",
                    report.maxAbsDifference()));
        }
        TensorSpec input = new TensorSpec(EnsembleManifest.INPUT_NAME, List.of(fixed ? 1L : TensorSpec.DYNAMIC, 1L,
                (long) KaggleImage.SIDE, (long) KaggleImage.SIDE));
        TensorSpec output = new TensorSpec(EnsembleManifest.OUTPUT_NAME, input.shape());
        EnsembleManifest manifest = new EnsembleManifest(EnsembleManifest.SCHEMA_VERSION, folds, input, output,
                List.of(EnsembleManifest.HFLIP), Threshold.DEFAULT, null, flops(models.get(0)), provenance);
        double fusedDifference = Double.NaN;
        if (request.fused()) {
            CheckedFusedGraph checked = CheckedFusedGraph.write(
                    FusedEnsembleGraph.composeImported(models, CheckedFusedGraph.metadata(manifest.provenance(),
                            models.size())),
                    manifest, request.out(), images, request.parityTolerance() / 10, log);
            fusedDifference = checked.difference();
            manifest = manifest.withFused(checked.graph());
        }
        Path json = request.out().resolve(EnsembleManifest.FILE_NAME);
        manifest.write(json);
        EnsembleManifest readBack = EnsembleManifest.read(json);
        log.accept(EnsembleManifest.FILE_NAME + " written: " + folds.size() + " fold graph"
                + (folds.size() == 1 ? "" : "s")
                + (request.fused() ? " + fused graph" : ""));
        return new ImportResult(readBack, reports, fusedDifference);
    }

    /** Refuses graphs whose declared shapes differ: one ensemble is scored with one convention. */
    private static void checkOneConvention(Map<Integer, ForeignGraph> graphs) {
        ForeignGraph first = null;
        for (ForeignGraph g : graphs.values()) {
            if (first == null) {
                first = g;
            } else if (!g.declaredConvention().equals(first.declaredConvention())) {
                throw new InputException(g.file().toString(), "declares " + g.declaredConvention() + " but "
                        + first.file() + " declares " + first.declaredConvention() + "; the graphs of one ensemble "
                        + "must share one convention (import them into separate folders)");
            }
        }
    }

    private static void refuseOverwritingSources(Path out, Map<Integer, ForeignGraph> graphs) throws IOException {
        List<Path> targets = new ArrayList<>();
        for (int k : graphs.keySet()) {
            targets.add(out.resolve("fold-" + k + ".onnx"));
        }
        targets.add(out.resolve(SaltNetExporter.FUSED_FILE));
        for (Path target : targets) {
            for (ForeignGraph g : graphs.values()) {
                if (Files.exists(target) && Files.isSameFile(target, g.file())) {
                    throw new InputException(g.file().toString(), "import would overwrite this source graph with "
                            + target.getFileName() + "; choose another --out folder");
                }
            }
        }
    }

    /** The convolution FLOPs of one fold pass, or null when the graph has no convolutions or cannot be counted. */
    private Long flops(ModelProto model) {
        long flops;
        try {
            flops = FlopCounter.convolutionFlops(model);
        } catch (OrtException | RuntimeException e) {
            // The count is a report figure; a graph the counter cannot run was already run by the parity check.
            log.accept("convolution FLOPs not counted: " + e.getMessage());
            return null;
        }
        if (flops <= 0) {
            return null;
        }
        log.accept(String.format(Locale.ROOT, "convolution FLOPs per image and fold: %.3f GFLOP", flops / 1e9));
        return flops;
    }


}

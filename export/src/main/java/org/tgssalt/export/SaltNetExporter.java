package org.tgssalt.export;

import ai.djl.ndarray.NDManager;
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
import org.tgssalt.ensemble.EnsembleOptions;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.ensemble.FoldEnsemble;
import org.tgssalt.export.flops.FlopCounter;
import org.tgssalt.export.graph.ExportOptions;
import org.tgssalt.export.graph.FusedEnsembleGraph;
import org.tgssalt.export.graph.SaltNetGraph;
import org.tgssalt.export.int8.Int8Export;
import org.tgssalt.export.int8.Int8Settings;
import org.tgssalt.export.parity.FloatTensor;
import org.tgssalt.export.parity.ParityCheck;
import org.tgssalt.export.parity.ParityException;
import org.tgssalt.export.parity.ParityImages;
import org.tgssalt.image.GrayImage;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.io.AtomicFile;
import org.tgssalt.io.Sha256;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.FoldGraph;
import org.tgssalt.oof.FoldFolders;
import org.tgssalt.train.NnpackSwitch;
import org.tgssalt.train.checkpoint.CheckpointInfo;
import org.tgssalt.train.checkpoint.Checkpoints;
import org.tgssalt.train.checkpoint.LoadedCheckpoint;

/**
 * Turns every {@code CHECKPOINTS/fold-K} that {@code train} wrote into {@code OUT/fold-K.onnx},
 * proves each graph equal to its DJL model ({@link ParityCheck}), optionally composes
 * {@code OUT/ensemble.onnx} ({@link FusedEnsembleGraph}, checked against the separate graphs) and
 * writes {@code OUT/ensemble.json}, which is read back with the runtime's reader before returning.
 * A graph that fails its check is deleted and the export fails naming the fold.
 *
 * <pre>{@code
 * ExportResult r = new SaltNetExporter(log::println).export(new SaltNetExporter.Request(
 *         checkpoints, out, true, null, ExportOptions.DEFAULT));
 * }</pre>
 */
public final class SaltNetExporter {
    /**
     * Default largest difference between the fused graph and the separate graphs with flip TTA: a tenth of
     * the parity tolerance, which is what {@link Request#fusedTolerance()} gives for other parity limits.
     */
    public static final double FUSED_TOLERANCE = 1e-5;
    /** Fused graph file name. */
    public static final String FUSED_FILE = "ensemble.onnx";

    private static final long PARITY_SEED = 20181019L;

    private final Consumer<String> log;

    /** @param log receives one line per step (fold exported, parity result) */
    public SaltNetExporter(Consumer<String> log) {
        this.log = log;
    }

    /**
     * What to export.
     *
     * @param checkpoints the training output folder holding {@code fold-K} folders
     * @param out where the graphs and the manifest go (created if missing)
     * @param fused whether to write {@code ensemble.onnx} too
     * @param parityData a TGS data folder whose training images join the parity inputs, or null
     * @param graphOptions how blocks are emitted
     * @param parityTolerance the max abs probability difference each fold graph is held to
     * @param int8 how to make the int8 graphs ({@code fold-K.int8.onnx}, with {@code fused} also
     *     {@value Int8Export#FUSED_FILE}), calibrated on {@code parityData}'s training images; null for none
     */
    public record Request(Path checkpoints, Path out, boolean fused, Path parityData, ExportOptions graphOptions,
            double parityTolerance, Int8Settings int8) {
        /** A request without int8 graphs. */
        public Request(Path checkpoints, Path out, boolean fused, Path parityData, ExportOptions graphOptions,
                double parityTolerance) {
            this(checkpoints, out, fused, parityData, graphOptions, parityTolerance, null);
        }

        /** A request held to the default {@link ParityCheck#TOLERANCE}. */
        public Request(Path checkpoints, Path out, boolean fused, Path parityData, ExportOptions graphOptions) {
            this(checkpoints, out, fused, parityData, graphOptions, ParityCheck.TOLERANCE);
        }

        /** The fused graph's limit: a tenth of the parity tolerance (both ONNX Runtime, same weights). */
        public double fusedTolerance() {
            return parityTolerance / 10;
        }
    }

    /**
     * What was exported.
     *
     * @param manifest the manifest as written (and read back)
     * @param parity one report per fold graph
     * @param fusedDifference max |fused - separate| when a fused graph was written, else NaN
     */
    public record ExportResult(EnsembleManifest manifest, List<ParityCheck.Report> parity, double fusedDifference) {
    }

    /**
     * The parity data used when none is given: {@code SHARED/tgs} when the system property
     * {@code tgs.shared.dir} names a folder holding it, else null (synthetic parity images only).
     */
    public static Path sharedParityData() {
        String shared = System.getProperty("tgs.shared.dir");
        if (shared != null && Files.isDirectory(Path.of(shared, "tgs"))) {
            return Path.of(shared, "tgs");
        }
        return null;
    }

    /**
     * Runs the export: every fold graph written and parity-checked, then the fused graph (when asked for)
     * checked against them through the scorer, then the manifest, read back before returning.
     *
     * @throws InputException when the checkpoint folder holds no fold checkpoints or one is unreadable
     * @throws ParityException naming the fold when a graph disagrees with its model
     */
    public ExportResult export(Request request) throws IOException, OrtException {
        Map<Integer, Path> folds = FoldFolders.in(request.checkpoints());
        Files.createDirectories(request.out());
        List<GrayImage> images = parityImages(request.parityData());
        String git = ExportProvenance.gitCommit();
        NnpackSwitch.turnOff(); // the parity forward passes run single images
        List<ExportedFold> exported = new ArrayList<>();
        Map<String, String> provenance = new TreeMap<>();
        for (Map.Entry<Integer, Path> fold : folds.entrySet()) {
            ExportedFold done = exportFold(fold.getKey(), fold.getValue(), request, images, git);
            exported.add(done);
            recordFold(provenance, done);
        }
        provenance.put("parityTolerance", String.format(Locale.ROOT, "%.0e", request.parityTolerance()));
        provenance.put("fusedTolerance", String.format(Locale.ROOT, "%.0e", request.fusedTolerance()));
        List<ModelProto> models = exported.stream().map(ExportedFold::model).toList();
        EnsembleManifest manifest = foldManifest(exported, provenance, models.get(0));
        double fusedDifference = Double.NaN;
        if (request.fused()) {
            CheckedFusedGraph fused = CheckedFusedGraph.write(
                    FusedEnsembleGraph.compose(models, CheckedFusedGraph.metadata(provenance, models.size())),
                    manifest, request.out(), images, request.fusedTolerance(), log);
            fusedDifference = fused.difference();
            manifest = manifest.withFused(fused.graph());
        }
        if (request.int8() != null) {
            Map<Integer, ModelProto> byFold = new TreeMap<>();
            exported.forEach(e -> byFold.put(e.graph().fold(), e.model()));
            manifest = manifest.withInt8(new Int8Export(log).export(manifest, byFold, folds, request.out(),
                    request.fused(), request.parityData(), request.int8()));
        }
        EnsembleManifest readBack = writeManifest(manifest, request);
        return new ExportResult(readBack, exported.stream().map(ExportedFold::parity).toList(), fusedDifference);
    }

    /**
     * One fold written and checked.
     *
     * @param graph the fold's manifest entry
     * @param model the graph as built (the fused graph is composed from these)
     * @param parity its parity report
     * @param metadata the provenance written into the graph
     */
    private record ExportedFold(FoldGraph graph, ModelProto model, ParityCheck.Report parity,
            Map<String, String> metadata) {}

    private List<GrayImage> parityImages(Path parityData) {
        List<GrayImage> images = ParityImages.collect(parityData, ParityCheck.MIN_IMAGES, PARITY_SEED);
        log.accept("parity inputs: " + images.size() + " images ("
                + ParityImages.realCount(parityData, ParityCheck.MIN_IMAGES) + " real)");
        return images;
    }

    /** Loads fold {@code k}'s checkpoint, writes {@code fold-K.onnx} and proves it equal to the DJL model. */
    private ExportedFold exportFold(int k, Path folder, Request request, List<GrayImage> images, String git)
            throws IOException, OrtException {
        try (NDManager manager = NDManager.newBaseManager()) {
            LoadedCheckpoint checkpoint = loadFold(k, folder, manager);
            CheckpointInfo info = checkpoint.info();
            Map<String, String> metadata = ExportProvenance.forFold(info, git);
            ModelProto model = SaltNetGraph.build(checkpoint.net(), "fold-" + k, request.graphOptions(), metadata);
            Path file = request.out().resolve("fold-" + k + ".onnx");
            AtomicFile.writeBytes(file, model.toByteArray());
            byte[] written = Files.readAllBytes(file);
            ParityCheck.Report report = ParityCheck.verifyOrDelete(file, () -> ParityCheck.verify("fold " + k, checkpoint.net(),
                    written, images, manager, request.parityTolerance()));
            log.accept("fold-" + k + ".onnx written; " + report.summary());
            FoldGraph graph = new FoldGraph(k, file.getFileName().toString(), Sha256.of(written), info.bestScore());
            return new ExportedFold(graph, model, report, metadata);
        }
    }

    /** The checkpoint in {@code folder}, which must say it is fold {@code k}. */
    private static LoadedCheckpoint loadFold(int k, Path folder, NDManager manager) throws IOException {
        LoadedCheckpoint checkpoint = Checkpoints.load(folder, manager);
        if (checkpoint.info().fold() != k) {
            throw new InputException(folder.resolve(Checkpoints.INFO_FILE).toString(),
                    "says fold " + checkpoint.info().fold() + " but sits in folder fold-" + k);
        }
        return checkpoint;
    }


    private static void recordFold(Map<String, String> provenance, ExportedFold fold) {
        int k = fold.graph().fold();
        addFoldProvenance(provenance, k, fold.metadata());
        provenance.put("fold-" + k + ".parityMaxAbsDifference", String.format(Locale.ROOT, "%.3e",
                fold.parity().maxAbsDifference()));
    }

    /** The manifest of the fold graphs, with the convolution FLOPs of one forward pass (every fold's are equal). */
    private EnsembleManifest foldManifest(List<ExportedFold> folds, Map<String, String> provenance,
            ModelProto anyFold) throws OrtException {
        long flops = FlopCounter.convolutionFlops(anyFold);
        log.accept(String.format(Locale.ROOT, "convolution FLOPs per image and fold: %.3f GFLOP", flops / 1e9));
        return EnsembleManifest.of(folds.stream().map(ExportedFold::graph).toList(), provenance)
                .withFlopsPerPass(flops);
    }

    /** Writes {@code ensemble.json} and returns it as the runtime's reader reads it. */
    private EnsembleManifest writeManifest(EnsembleManifest manifest, Request request) throws IOException {
        Path json = request.out().resolve(EnsembleManifest.FILE_NAME);
        manifest.write(json);
        EnsembleManifest readBack = EnsembleManifest.read(json);
        log.accept(EnsembleManifest.FILE_NAME + " written: " + manifest.folds().size() + " fold graph"
                + (manifest.folds().size() == 1 ? "" : "s")
                + (request.fused() ? " + fused graph" : "") + (manifest.int8() != null ? ", and their int8 graphs" : ""));
        return readBack;
    }

    /**
     * Max |fused - separate| over {@code images}: the ensemble {@code manifest} (which lists a fused graph)
     * scored by {@link FoldEnsemble} on the CPU once with its fold graphs and flip TTA, once with its
     * fused graph.
     */
    public static double fusedDifference(Path manifest, List<GrayImage> images) {
        EnsembleOptions separate = EnsembleOptions.builder().device(ExecutionDevice.CPU).tta(true).build();
        try (FoldEnsemble folds = FoldEnsemble.open(manifest, separate);
                FoldEnsemble fused = FoldEnsemble.open(manifest, separate.toBuilder().fused(true).build())) {
            return tensor(fused.probabilities(images)).maxAbsDifference(tensor(folds.probabilities(images)));
        }
    }

    private static FloatTensor tensor(List<float[]> maps) {
        float[] values = new float[maps.size() * KaggleImage.PIXELS];
        for (int i = 0; i < maps.size(); i++) {
            System.arraycopy(maps.get(i), 0, values, i * KaggleImage.PIXELS, KaggleImage.PIXELS);
        }
        return new FloatTensor(new long[] {maps.size(), 1, KaggleImage.SIDE, KaggleImage.SIDE}, values);
    }

    private static void addFoldProvenance(Map<String, String> provenance, int fold, Map<String, String> metadata) {
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String key = e.getKey();
            boolean perFold = key.equals("fold") || key.equals("validationScore") || key.equals("bestEpoch")
                    || key.equals("epochsTrained") || key.equals("dataHash") || key.equals("trainingSamples")
                    || key.equals("validationSamples") || key.equals("topologyLoss");
            if (key.equals("fold")) {
                continue;
            }
            if (perFold) {
                provenance.put("fold-" + fold + "." + key, e.getValue());
            } else {
                provenance.putIfAbsent(key, e.getValue());
            }
        }
    }
}

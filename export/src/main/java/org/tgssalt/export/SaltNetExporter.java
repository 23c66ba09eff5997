package org.tgssalt.export;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.tgssalt.manifest.FusedGraph;
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
     */
    public record Request(Path checkpoints, Path out, boolean fused, Path parityData, ExportOptions graphOptions,
            double parityTolerance) {
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
     * Runs the export.
     *
     * @throws InputException when the checkpoint folder holds no fold checkpoints or one is unreadable
     * @throws ParityException naming the fold when a graph disagrees with its model
     */
    public ExportResult export(Request request) throws IOException, OrtException {
        Map<Integer, Path> folds = FoldFolders.in(request.checkpoints());
        Files.createDirectories(request.out());
        List<GrayImage> images = ParityImages.collect(request.parityData(), ParityCheck.MIN_IMAGES, PARITY_SEED);
        log.accept("parity inputs: " + images.size() + " images ("
                + ParityImages.realCount(request.parityData(), ParityCheck.MIN_IMAGES) + " real)");
        String git = ExportProvenance.gitCommit();
        List<FoldGraph> graphs = new ArrayList<>();
        List<ModelProto> models = new ArrayList<>();
        List<ParityCheck.Report> reports = new ArrayList<>();
        Map<String, String> provenance = new TreeMap<>();
        NnpackSwitch.turnOff(); // the parity forward passes run single images
        for (Map.Entry<Integer, Path> fold : folds.entrySet()) {
            int k = fold.getKey();
            try (NDManager manager = NDManager.newBaseManager()) {
                LoadedCheckpoint checkpoint = Checkpoints.load(fold.getValue(), manager);
                CheckpointInfo info = checkpoint.info();
                if (info.fold() != k) {
                    throw new InputException(fold.getValue().resolve(Checkpoints.INFO_FILE).toString(),
                            "says fold " + info.fold() + " but sits in folder fold-" + k);
                }
                Map<String, String> metadata = ExportProvenance.forFold(info, git);
                ModelProto model = SaltNetGraph.build(checkpoint.net(), "fold-" + k, request.graphOptions(), metadata);
                Path file = request.out().resolve("fold-" + k + ".onnx");
                AtomicFile.writeBytes(file, model.toByteArray());
                byte[] written = Files.readAllBytes(file);
                ParityCheck.Report report;
                try {
                    report = ParityCheck.verify("fold " + k, checkpoint.net(), written, images, manager,
                            request.parityTolerance());
                } catch (OrtException | RuntimeException e) {
                    Files.deleteIfExists(file);
                    throw e;
                }
                log.accept("fold-" + k + ".onnx written; " + report.summary());
                reports.add(report);
                graphs.add(new FoldGraph(k, file.getFileName().toString(), Sha256.of(written), info.bestScore()));
                models.add(model);
                addFoldProvenance(provenance, k, metadata);
                provenance.put("fold-" + k + ".parityMaxAbsDifference", String.format(Locale.ROOT, "%.3e",
                        report.maxAbsDifference()));
            }
        }
        provenance.put("parityTolerance", String.format(Locale.ROOT, "%.0e", request.parityTolerance()));
        provenance.put("fusedTolerance", String.format(Locale.ROOT, "%.0e", request.fusedTolerance()));
        long flops = FlopCounter.convolutionFlops(models.get(0));
        log.accept(String.format(Locale.ROOT, "convolution FLOPs per image and fold: %.3f GFLOP", flops / 1e9));
        EnsembleManifest manifest = EnsembleManifest.of(graphs, provenance).withFlopsPerPass(flops);
        double fusedDifference = Double.NaN;
        if (request.fused()) {
            Map<String, String> meta = new LinkedHashMap<>(provenance);
            meta.put("foldsInGraph", Integer.toString(models.size()));
            meta.put("tta", EnsembleManifest.HFLIP);
            ModelProto fused = FusedEnsembleGraph.compose(models, meta);
            Path file = request.out().resolve(FUSED_FILE);
            AtomicFile.writeBytes(file, fused.toByteArray());
            byte[] written = Files.readAllBytes(file);
            // Checked through the scorer users run: a manifest listing both, opened once per way of scoring.
            Path check = request.out().resolve(".fused-check." + EnsembleManifest.FILE_NAME);
            manifest.withFused(new FusedGraph(FUSED_FILE, Sha256.of(written))).write(check);
            try {
                fusedDifference = fusedDifference(check, images);
            } finally {
                Files.deleteIfExists(check);
            }
            double fusedLimit = request.fusedTolerance();
            if (!(fusedDifference <= fusedLimit)) {
                Files.deleteIfExists(file);
                throw new ParityException(String.format(Locale.ROOT, "%s: differs from the %d fold graphs with flip "
                        + "TTA by %.3e (limit %.0e)", FUSED_FILE, models.size(), fusedDifference, fusedLimit),
                        fusedDifference);
            }
            log.accept(String.format(Locale.ROOT, "%s written; max |fused - separate| %.2e (limit %.0e)", FUSED_FILE,
                    fusedDifference, fusedLimit));
            manifest = manifest.withFused(new FusedGraph(FUSED_FILE, Sha256.of(written)));
        }
        Path json = request.out().resolve(EnsembleManifest.FILE_NAME);
        manifest.write(json);
        EnsembleManifest readBack = EnsembleManifest.read(json);
        log.accept(EnsembleManifest.FILE_NAME + " written: " + graphs.size() + " fold graphs"
                + (request.fused() ? " + fused graph" : ""));
        return new ExportResult(readBack, reports, fusedDifference);
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

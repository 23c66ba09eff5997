package org.tgssalt.export.int8;

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
import java.util.Set;
import java.util.function.Consumer;
import org.tgssalt.export.graph.FusedEnsembleGraph;
import org.tgssalt.export.parity.ParityException;
import org.tgssalt.image.GrayImage;
import org.tgssalt.io.AtomicFile;
import org.tgssalt.io.Sha256;
import org.tgssalt.manifest.Calibration;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.FoldGraph;
import org.tgssalt.manifest.FusedGraph;
import org.tgssalt.manifest.Int8Graphs;
import org.tgssalt.manifest.Int8Quality;
import org.tgssalt.manifest.Precision;
import org.tgssalt.oof.OutOfFoldProbabilities;

/**
 * The int8 step of an export: for each fold, calibrates the float32 graph's activations, writes
 * {@code fold-K.int8.onnx} ({@link QdqRewriter}); composes {@code ensemble.int8.onnx} when asked; then runs
 * the quality gate ({@link Int8QualityGate}) and fails, deleting the int8 graphs, when int8 loses more
 * out-of-fold mAP than the tolerance or the int8 fused graph differs from the int8 fold graphs.
 */
public final class Int8Export {
    /** The int8 fused graph's file name. */
    public static final String FUSED_FILE = "ensemble.int8.onnx";
    /** Largest |int8 fused - int8 separate|: the same integer kernels on the same values, in float sums. */
    public static final double FUSED_TOLERANCE = 1e-4;

    private final Consumer<String> log;

    /** @param log receives one line per step */
    public Int8Export(Consumer<String> log) {
        this.log = log;
    }

    /** The int8 file name of fold {@code k}. */
    public static String foldFile(int k) {
        return "fold-" + k + ".int8.onnx";
    }

    /**
     * Writes and checks the int8 graphs.
     *
     * @param fp32 the float32 manifest (with its fused graph when {@code fused}), its graphs already in {@code out}
     * @param models each fold's float32 graph, by fold number
     * @param foldDirs each fold's checkpoint folder (its {@code oof/} is used when present), by fold number
     * @param dataDir the TGS data folder for calibration and the out-of-fold check, or null
     * @return the manifest's int8 section
     * @throws ParityException when the gate fails (the int8 graphs are deleted)
     */
    public Int8Graphs export(EnsembleManifest fp32, Map<Integer, ModelProto> models, Map<Integer, Path> foldDirs,
            Path out, boolean fused, Path dataDir, Int8Settings settings) throws IOException, OrtException {
        CalibrationSet set = CalibrationSet.of(dataDir, settings.calibrationImages(), settings.heldOutImages());
        log.accept("int8: calibrating on " + settings.calibrationImages() + " " + set.source() + " images per fold ("
                + settings.method().text() + ", " + settings.weightBits() + "-bit weights)");
        List<Path> written = new ArrayList<>();
        try {
            List<FoldGraph> graphs = new ArrayList<>();
            List<ModelProto> int8Models = new ArrayList<>();
            Map<Integer, OutOfFoldProbabilities> oof = new LinkedHashMap<>();
            for (FoldGraph f : fp32.folds()) {
                Path oofDir = foldDirs.get(f.fold()).resolve(OutOfFoldProbabilities.FOLDER);
                if (Files.isDirectory(oofDir)) {
                    oof.put(f.fold(), OutOfFoldProbabilities.read(oofDir));
                }
                Set<String> excluded = oof.containsKey(f.fold()) ? Set.copyOf(oof.get(f.fold()).ids()) : Set.of();
                ModelProto model = models.get(f.fold());
                QuantizationPlan plan = QuantizationPlan.of(model);
                List<GrayImage> images = set.forFold(excluded);
                Map<String, ActivationRange> ranges = ActivationCalibrator.calibrate(model, plan, images,
                        settings.method(), log);
                ModelProto int8 = QdqRewriter.rewrite(model, plan, ranges, settings.weightLevels(),
                        metadata(settings, images.size(), set));
                Path file = out.resolve(foldFile(f.fold()));
                written.add(file);
                byte[] bytes = int8.toByteArray();
                AtomicFile.writeBytes(file, bytes);
                graphs.add(new FoldGraph(f.fold(), foldFile(f.fold()), Sha256.of(bytes), f.validationScore(),
                        Precision.INT8));
                int8Models.add(int8);
                log.accept(String.format(Locale.ROOT, "%s written: %d of %d convolutions int8, %d activations "
                        + "quantised", foldFile(f.fold()), plan.convs().size(), countConvs(model),
                        plan.activations().size()));
            }
            FusedGraph fusedGraph = null;
            if (fused) {
                Map<String, String> meta = new LinkedHashMap<>(metadata(settings, settings.calibrationImages(), set));
                meta.put("foldsInGraph", Integer.toString(int8Models.size()));
                meta.put("tta", EnsembleManifest.HFLIP);
                byte[] bytes = FusedEnsembleGraph.compose(int8Models, meta).toByteArray();
                Path file = out.resolve(FUSED_FILE);
                written.add(file);
                AtomicFile.writeBytes(file, bytes);
                fusedGraph = new FusedGraph(FUSED_FILE, Sha256.of(bytes), Precision.INT8);
            }
            Calibration calibration = new Calibration(settings.method().text(), settings.method().percentile(),
                    settings.calibrationImages(), set.source(), set.dataHash(), settings.weightBits());
            Int8Graphs provisional = new Int8Graphs(graphs, fusedGraph, calibration, Int8QualityGate.PROVISIONAL);
            Int8QualityGate gate = new Int8QualityGate(fp32.withInt8(provisional), out, log);
            if (fused) {
                double difference = gate.fusedDifference(set.heldOut(settings.heldOutImages()));
                if (!(difference <= FUSED_TOLERANCE)) {
                    throw new ParityException(String.format(Locale.ROOT, "%s: differs from the int8 fold graphs with "
                            + "flip TTA by %.3e (limit %.0e)", FUSED_FILE, difference, FUSED_TOLERANCE), difference);
                }
                log.accept(String.format(Locale.ROOT, "%s written; max |fused - separate| %.2e (limit %.0e)",
                        FUSED_FILE, difference, FUSED_TOLERANCE));
            }
            Int8Quality quality = gate.measure(set, settings, oof);
            log.accept(Int8QualityGate.summary(quality));
            Double loss = quality.oofMapLoss();
            if (loss != null && loss > settings.tolerance()) {
                throw new ParityException(String.format(Locale.ROOT, "int8 graphs lose %.4f out-of-fold mAP against "
                        + "float32 (%.4f -> %.4f on %d images), more than --int8-tolerance %.4f; try "
                        + "--calibration-method %s or more --calibration-images", loss, quality.oofMapFp32(),
                        quality.oofMapInt8(), quality.oofImages(), settings.tolerance(),
                        settings.method() == CalibrationMethod.MINMAX ? "percentile" : "minmax"), loss);
            }
            return new Int8Graphs(graphs, fusedGraph, calibration, quality);
        } catch (IOException | OrtException | RuntimeException e) {
            for (Path p : written) {
                Files.deleteIfExists(p);
            }
            throw e;
        }
    }

    private static long countConvs(ModelProto model) {
        return model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).count();
    }

    private static Map<String, String> metadata(Int8Settings settings, int images, CalibrationSet set) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("precision", Precision.INT8.text());
        m.put("calibrationMethod", settings.method().text());
        m.put("calibrationImages", Integer.toString(images));
        m.put("calibrationSource", set.source());
        m.put("weightBits", Integer.toString(settings.weightBits()));
        return m;
    }
}

package org.tgssalt.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.tgssalt.export.parity.ParityException;
import org.tgssalt.image.GrayImage;
import org.tgssalt.io.AtomicFile;
import org.tgssalt.io.Sha256;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.FusedGraph;

/**
 * A fused graph ({@value SaltNetExporter#FUSED_FILE}) written beside its fold graphs and checked
 * against them through the scorer users run: the one way {@code export} and {@code import} write it.
 *
 * @param graph the manifest entry of the written graph
 * @param difference max |fused - separate with flip TTA| over the check images
 */
public record CheckedFusedGraph(FusedGraph graph, double difference) {

    /** The fused graph's metadata: {@code base} plus the number of folds in it and its TTA. */
    public static Map<String, String> metadata(Map<String, String> base, int folds) {
        Map<String, String> meta = new LinkedHashMap<>(base);
        meta.put("foldsInGraph", Integer.toString(folds));
        meta.put("tta", EnsembleManifest.HFLIP);
        return meta;
    }

    /**
     * Writes {@code fused} into {@code out} and compares it with the fold graphs of {@code folds} (a
     * manifest of that folder) on {@code images}. A graph beyond {@code limit}, or one the check could not
     * run, is deleted before the error propagates, so no unchecked graph is left where a manifest could
     * name it.
     *
     * @throws ParityException when the difference exceeds {@code limit}
     */
    public static CheckedFusedGraph write(ModelProto fused, EnsembleManifest folds, Path out, List<GrayImage> images,
            double limit, Consumer<String> log) throws IOException {
        Path file = out.resolve(SaltNetExporter.FUSED_FILE);
        byte[] bytes = fused.toByteArray();
        AtomicFile.writeBytes(file, bytes);
        FusedGraph graph = new FusedGraph(SaltNetExporter.FUSED_FILE, Sha256.of(bytes));
        Path check = out.resolve(".fused-check." + EnsembleManifest.FILE_NAME);
        double difference;
        try {
            folds.withFused(graph).write(check);
            difference = SaltNetExporter.fusedDifference(check, images);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        } finally {
            Files.deleteIfExists(check);
        }
        if (!(difference <= limit)) {
            Files.deleteIfExists(file);
            throw new ParityException(String.format(Locale.ROOT, "%s: differs from the %d fold graphs with flip "
                    + "TTA by %.3e (limit %.0e)", SaltNetExporter.FUSED_FILE, folds.folds().size(), difference, limit),
                    difference);
        }
        log.accept(String.format(Locale.ROOT, "%s written; max |fused - separate| %.2e (limit %.0e)",
                SaltNetExporter.FUSED_FILE, difference, limit));
        return new CheckedFusedGraph(graph, difference);
    }
}

package org.tgssalt.export.graph;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.onnx.OnnxOp;
import org.tgssalt.export.onnx.OpAttributes;
import org.tgssalt.manifest.EnsembleManifest;

/**
 * The fused ensemble ({@code ensemble.onnx}): one graph holding every fold graph, the horizontal-flip
 * TTA and the mean, with the same input and output as a fold graph.
 *
 * <pre>
 * both  = Concat([image, flipW(image)], axis 0)            [2N,1,101,101]
 * p_k   = fold graph k (embedded as is) on both            [2N,1,101,101]
 * m     = Mean(p_1 .. p_K)
 * out   = (m[0:N] + flipW(m[N:2N])) / 2                     [N,1,101,101]
 * </pre>
 * which equals running each fold graph on the image and its mirror, mirroring the second result
 * back, averaging the two, and averaging over folds (up to float rounding of the sums).
 */
public final class FusedEnsembleGraph {
    private FusedEnsembleGraph() {
    }

    /**
     * Composes fold graphs (each with input {@value ImageFraming#INPUT} and output
     * {@value ImageFraming#OUTPUT}) into the fused graph.
     *
     * @param folds the fold graphs, at least one
     * @param metadata {@code metadata_props} for the fused graph
     */
    public static ModelProto compose(List<ModelProto> folds, Map<String, String> metadata) {
        return compose(folds, metadata, false);
    }

    /**
     * Composes imported fold graphs ({@code import}): they may hold any operator and import other opsets than
     * the exporter's (all folds the same ones, which the fused graph then imports), and the batch size is read
     * with Shape then Slice (Shape's {@code end} needs opset 15).
     *
     * @throws IllegalArgumentException when the folds import different opsets
     */
    public static ModelProto composeImported(List<ModelProto> folds, Map<String, String> metadata) {
        return compose(folds, metadata, true);
    }

    private static ModelProto compose(List<ModelProto> folds, Map<String, String> metadata, boolean imported) {
        if (folds.isEmpty()) {
            throw new IllegalArgumentException("a fused ensemble needs at least one fold graph");
        }
        GraphBuilder g = new GraphBuilder("tgs-salt-ensemble");
        if (imported) {
            for (int k = 1; k < folds.size(); k++) {
                if (!new java.util.HashSet<>(folds.get(k).getOpsetImportList())
                        .equals(new java.util.HashSet<>(folds.get(0).getOpsetImportList()))) {
                    throw new IllegalArgumentException("fold graphs 1 and " + (k + 1) + " import different opsets ("
                            + opsets(folds.get(0)) + " vs " + opsets(folds.get(k)) + "); one fused graph holds one set");
                }
            }
            g.useOpsets(folds.get(0).getOpsetImportList(), folds.get(0).getIrVersion());
        }
        String image = ImageFraming.declareInput(g);
        String mirrored = flipWidth(g, "tta/mirror", image);
        String both = g.op(OnnxOp.CONCAT, "tta/batch", List.of(image, mirrored), OpAttributes.of().i("axis", 0));
        List<String> probabilities = new ArrayList<>();
        for (int k = 0; k < folds.size(); k++) {
            var graph = folds.get(k).getGraph();
            if (graph.getInputCount() != 1 || !graph.getInput(0).getName().equals(EnsembleManifest.INPUT_NAME)
                    || graph.getOutputCount() != 1 || !graph.getOutput(0).getName().equals(EnsembleManifest.OUTPUT_NAME)) {
                throw new IllegalArgumentException("fold graph " + (k + 1) + " does not map " + EnsembleManifest.INPUT_NAME
                        + " to " + EnsembleManifest.OUTPUT_NAME);
            }
            Map<String, String> out = imported
                    ? g.embedForeign(graph, "fold" + (k + 1) + "/", Map.of(EnsembleManifest.INPUT_NAME, both))
                    : g.embed(graph, "fold" + (k + 1) + "/", Map.of(EnsembleManifest.INPUT_NAME, both));
            probabilities.add(out.get(EnsembleManifest.OUTPUT_NAME));
        }
        String mean = probabilities.size() == 1 ? probabilities.get(0)
                : g.op(OnnxOp.MEAN, "folds/mean", probabilities, OpAttributes.of());
        String n = imported
                ? g.slice("tta/n", g.op(OnnxOp.SHAPE, "tta/shape", image), new long[] {0}, new long[] {0},
                        new long[] {1}, new long[] {1})
                : g.op(OnnxOp.SHAPE, "tta/n", List.of(image), OpAttributes.of().i("end", 1));
        String zero = g.vector("tta/zero", 0);
        String end = g.vector("tta/end", Long.MAX_VALUE);
        String batchAxis = g.vector("tta/axis0", 0);
        String direct = g.op(OnnxOp.SLICE, "tta/direct", List.of(mean, zero, n, batchAxis), OpAttributes.of());
        String fromMirror = g.op(OnnxOp.SLICE, "tta/from_mirror", List.of(mean, n, end, batchAxis), OpAttributes.of());
        String unmirrored = flipWidth(g, "tta/unmirror", fromMirror);
        String sum = g.op(OnnxOp.ADD, "tta/sum", direct, unmirrored);
        String average = g.op(OnnxOp.MUL, "tta/average", sum, g.constant("tta/half", new float[] {0.5f}));
        ImageFraming.declareOutput(g, average);
        metadata.forEach(g::metadata);
        return g.build();
    }

    private static String opsets(ModelProto model) {
        return model.getOpsetImportList().stream()
                .map(o -> (o.getDomain().isEmpty() ? "ai.onnx" : o.getDomain()) + " " + o.getVersion())
                .sorted().toList().toString();
    }

    /** Reverses the last axis (the image's columns). */
    static String flipWidth(GraphBuilder g, String hint, String x) {
        return g.slice(hint, x, new long[] {3}, new long[] {-1}, new long[] {Long.MIN_VALUE}, new long[] {-1});
    }
}

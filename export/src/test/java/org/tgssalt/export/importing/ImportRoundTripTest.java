package org.tgssalt.export.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.ensemble.EnsembleOptions;
import org.tgssalt.ensemble.FoldEnsemble;
import org.tgssalt.export.graph.ExportOptions;
import org.tgssalt.export.graph.SaltNetGraph;
import org.tgssalt.export.parity.ParityCheck;
import org.tgssalt.export.parity.ParityException;
import org.tgssalt.export.parity.ParityImages;
import org.tgssalt.geometry.ImageConvention;
import org.tgssalt.geometry.OutputActivation;
import org.tgssalt.geometry.PaddingMode;
import org.tgssalt.image.GrayImage;
import org.tgssalt.io.Sha256;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.FoldGraph;
import org.tgssalt.testing.LauncherRun;
import org.tgssalt.train.model.SaltNet;
import org.tgssalt.train.model.SaltNetConfig;

/**
 * Foreign-style graphs of this project's network (no framing; renamed tensors, a second output, 3 channels, a
 * sigmoid head, a fixed batch of 1) imported and scored through {@link FoldEnsemble}: the same probabilities as
 * the framed graph {@code export} builds from the same weights.
 */
class ImportRoundTripTest {
    /** ONNX Runtime on two graphs with the same weights: only float rounding of the head may differ. */
    private static final double SAME = 1e-5;

    @TempDir
    static Path work;
    static SaltNet net;
    static NDManager manager;
    static Path reference;
    static List<GrayImage> images;

    @BeforeAll
    static void exportTheReference() throws Exception {
        // A freshly initialised network (seeded): deterministic and quick. Its maps vary little (about 0.71 to
        // 0.72), so the comparisons below hold the imported graphs to 1e-5, far below that spread.
        Engine.getInstance().setRandomSeed(16);
        manager = NDManager.newBaseManager();
        net = new SaltNet(SaltNetConfig.full(0.25));
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 129, 129));
        ModelProto framed = SaltNetGraph.build(net, "fold-1", ExportOptions.DEFAULT, Map.of());
        Path dir = Files.createDirectories(work.resolve("exported"));
        Files.write(dir.resolve("fold-1.onnx"), framed.toByteArray());
        reference = dir.resolve(EnsembleManifest.FILE_NAME);
        EnsembleManifest.of(List.of(new FoldGraph(1, "fold-1.onnx", Sha256.of(framed.toByteArray()), null)),
                Map.of()).write(reference);
        images = ParityImages.collect(null, 12, 5);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static Path write(Path dir, String name, ModelProto model) throws Exception {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), model.toByteArray());
    }

    /** Max |imported - exported| of the mean probabilities (flip TTA on both), separate fold graphs. */
    private static double differenceFromReference(Path manifest, int batch) {
        EnsembleOptions options = EnsembleOptions.builder().device(ExecutionDevice.CPU).fused(false).batchSize(batch)
                .build();
        try (FoldEnsemble imported = FoldEnsemble.open(manifest, options);
                FoldEnsemble exported = FoldEnsemble.open(reference, options)) {
            List<float[]> a = imported.probabilities(images);
            List<float[]> b = exported.probabilities(images);
            double max = 0;
            double low = 1;
            double high = 0;
            for (float[] map : b) {
                for (float v : map) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
            // a comparison of near-constant maps would prove little
            assertTrue(high - low > 0.005, "reference probabilities span only " + low + " .. " + high);
            for (int i = 0; i < a.size(); i++) {
                for (int p = 0; p < a.get(i).length; p++) {
                    max = Math.max(max, Math.abs(a.get(i)[p] - b.get(i)[p]));
                }
            }
            System.out.printf("%s: max |imported - exported| %.3e (reference probabilities %.4f .. %.4f)%n",
                    manifest.getParent().getFileName(), max, low, high);
            return max;
        }
    }

    private static GraphImporter.Request request(List<Path> graphs, Path out, ImageConvention c, String output,
            boolean fused) {
        return new GraphImporter.Request(graphs, out, c, null, output, fused, null, ParityCheck.TOLERANCE);
    }

    @Test
    void renamedTensorsAndASecondOutputThroughTheCommandLine() throws Exception {
        ForeignStyleGraphs.Style style = new ForeignStyleGraphs.Style("x_in", "seg_logits", "offsets", 1, false, false);
        Path sources = work.resolve("renamed");
        Path graph = write(sources, "model_fold0.onnx", ForeignStyleGraphs.network(net, style));
        write(sources, "model_fold1.onnx", ForeignStyleGraphs.network(net, style));
        Path out = work.resolve("renamed-out");
        LauncherRun run = LauncherRun.of(List.of(new ImportCommand()), "import", "--graphs-dir", sources.toString(),
                "--out", out.toString(), "--output", "seg_logits", "--fused", "--input-size", "129", "--padding",
                "symmetric", "--mean", "123.03", "--scale", "255", "--channels", "1", "--activation", "softmax:1");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("imported 2 fold graphs to " + out), run.out());
        EnsembleManifest m = EnsembleManifest.read(out.resolve(EnsembleManifest.FILE_NAME));
        // fold0 and fold1 in the names: 0-based, so folds 1 and 2
        assertEquals(List.of(1, 2), m.folds().stream().map(FoldGraph::fold).toList());
        assertNotNull(m.fused());
        assertEquals(Sha256.of(Files.readAllBytes(graph)), m.provenance().get("fold-1.sourceSha256"));
        assertEquals("model_fold0.onnx", m.provenance().get("fold-1.source"));
        assertEquals("symmetric", m.provenance().get("convention.padding"));
        assertEquals("softmax:1", m.provenance().get("convention.activation"));
        ModelProto wrapped = ModelProto.parseFrom(Files.readAllBytes(out.resolve("fold-1.onnx")));
        Map<String, String> meta = new HashMap<>();
        for (StringStringEntryProto e : wrapped.getMetadataPropsList()) {
            meta.put(e.getKey(), e.getValue());
        }
        assertEquals(Sha256.of(Files.readAllBytes(graph)), meta.get("sourceSha256"));
        assertEquals("seg_logits", meta.get("sourceOutput"));
        assertEquals("123.03", meta.get("convention.mean"));
        // only the chosen output is kept: one graph output, and no node of the second head
        assertEquals(1, wrapped.getGraph().getOutputCount());
        assertFalse(wrapped.getGraph().getNodeList().stream().anyMatch(n -> n.getName().startsWith("net/offsets")));
        assertTrue(wrapped.getGraph().getNodeList().stream().anyMatch(n -> n.getName().startsWith("net/stem")));
        assertTrue(differenceFromReference(out.resolve(EnsembleManifest.FILE_NAME), 4) <= SAME);
        EnsembleOptions fused = EnsembleOptions.builder().device(ExecutionDevice.CPU).fused(true).build();
        try (FoldEnsemble f = FoldEnsemble.open(out.resolve(EnsembleManifest.FILE_NAME), fused);
                FoldEnsemble r = FoldEnsemble.open(reference, fused.toBuilder().fused(false).build())) {
            float[] a = f.probability(images.get(0));
            float[] b = r.probability(images.get(0));
            for (int p = 0; p < a.length; p++) {
                assertEquals(b[p], a[p], SAME);
            }
        }
    }

    @Test
    void threeChannelInput() throws Exception {
        Path graph = write(work.resolve("rgb"), "net.onnx", ForeignStyleGraphs.network(net,
                new ForeignStyleGraphs.Style("image_rgb", "out", null, 3, false, false)));
        // channel 0 feeds the network: its normalisation is the reference's, the others' differ
        ImageConvention c = new ImageConvention(129, PaddingMode.SYMMETRIC, List.of(123.03, 100.0, 50.0),
                List.of(255.0, 128.0, 64.0), 3, OutputActivation.SOFTMAX_SALT);
        Path out = work.resolve("rgb-out");
        new GraphImporter(s -> { }).importGraphs(request(List.of(graph), out, c, null, false));
        assertTrue(differenceFromReference(out.resolve(EnsembleManifest.FILE_NAME), 4) <= SAME);
    }

    @Test
    void sigmoidHead() throws Exception {
        Path graph = write(work.resolve("sigmoid"), "net.onnx", ForeignStyleGraphs.network(net,
                new ForeignStyleGraphs.Style("input", "mask_logit", null, 1, true, false)));
        ImageConvention c = new ImageConvention(129, PaddingMode.SYMMETRIC, List.of(123.03), List.of(255.0), 1,
                OutputActivation.parse("sigmoid"));
        Path out = work.resolve("sigmoid-out");
        new GraphImporter(s -> { }).importGraphs(request(List.of(graph), out, c, null, false));
        assertTrue(differenceFromReference(out.resolve(EnsembleManifest.FILE_NAME), 4) <= SAME);
    }

    @Test
    void fixedBatchOfOneIsScoredOneImageAtATimeAndRefusesFused() throws Exception {
        Path graph = write(work.resolve("fixed"), "net.onnx", ForeignStyleGraphs.network(net,
                new ForeignStyleGraphs.Style("input", "logits", null, 1, false, true)));
        Path out = work.resolve("fixed-out");
        List<String> log = new ArrayList<>();
        new GraphImporter(log::add).importGraphs(request(List.of(graph), out, ImageConvention.REFERENCE, null, false));
        assertTrue(log.contains("a graph takes a fixed batch of 1: the ensemble is scored one image at a time"), log.toString());
        EnsembleManifest m = EnsembleManifest.read(out.resolve(EnsembleManifest.FILE_NAME));
        assertEquals(List.of(1L, 1L, 101L, 101L), m.input().shape());
        // batches of 5 through graphs that take 1: the runtime feeds each image and mirror on its own
        assertTrue(differenceFromReference(out.resolve(EnsembleManifest.FILE_NAME), 5) <= SAME);
        InputException e = assertThrows(InputException.class, () -> new GraphImporter(s -> { }).importGraphs(
                request(List.of(graph), work.resolve("fixed-fused"), ImageConvention.REFERENCE, null, true)));
        assertTrue(e.getMessage().startsWith("--fused: " + graph + " takes a fixed batch of 1, and the fused graph "
                + "feeds each fold the image and its mirror as one batch of 2"), e.getMessage());
        assertFalse(Files.exists(work.resolve("fixed-fused")));
    }

    @Test
    void overTheToleranceTheGraphIsDeletedAndTheFoldNamed() throws Exception {
        Path graph = write(work.resolve("strict"), "net.onnx", ForeignStyleGraphs.network(net,
                ForeignStyleGraphs.Style.plain()));
        Path out = work.resolve("strict-out");
        // Java's softmax in double and ONNX Runtime's in float differ by float rounding, far above 1e-12
        ParityException e = assertThrows(ParityException.class, () -> new GraphImporter(s -> { }).importGraphs(
                new GraphImporter.Request(List.of(graph), out, ImageConvention.REFERENCE, null, null, false, null,
                        1e-12)));
        assertTrue(e.getMessage().startsWith("fold 1 (net.onnx): the wrapped graph disagrees with the foreign graph "
                + "run with the framing done in Java: max |difference| of salt probabilities "), e.getMessage());
        assertTrue(e.maxAbsDifference() > 1e-12 && e.maxAbsDifference() < 1e-5, e.getMessage());
        assertFalse(Files.exists(out.resolve("fold-1.onnx")));
    }
}

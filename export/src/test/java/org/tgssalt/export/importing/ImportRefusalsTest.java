package org.tgssalt.export.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.parity.ParityCheck;
import org.tgssalt.geometry.ImageConvention;
import org.tgssalt.testing.LauncherRun;

/** Every refusal of {@code import}, message asserted, nothing left in the output folder. */
class ImportRefusalsTest {
    @TempDir
    Path dir;

    private Path write(String name, ModelProto model) throws Exception {
        return Files.write(dir.resolve(name), model.toByteArray());
    }

    private InputException refused(List<Path> graphs, String output) {
        Path out = dir.resolve("out");
        InputException e = assertThrows(InputException.class, () -> new GraphImporter(s -> { }).importGraphs(
                new GraphImporter.Request(graphs, out, ImageConvention.REFERENCE, null, output, false, null,
                        ParityCheck.TOLERANCE)));
        assertFalse(Files.exists(out.resolve("fold-1.onnx")), "no graph left behind");
        return e;
    }

    @Test
    void notAnOnnxFile() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.onnx"), "these are my notes, not a model\n",
                StandardCharsets.UTF_8);
        assertTrue(refused(List.of(text), null).getMessage().startsWith(text + ": not an ONNX model"));
    }

    @Test
    void aGraphWithoutOutputs() throws Exception {
        ModelProto tiny = ForeignStyleGraphs.tiny(GraphBuilder.BATCH, 1, 129, 17);
        Path file = write("no-outputs.onnx", tiny.toBuilder().setGraph(tiny.getGraph().toBuilder().clearOutput()).build());
        assertEquals(file + ": the graph has no outputs", refused(List.of(file), null).getMessage());
    }

    @Test
    void anUnknownTensorNameListsTheNamesThere() throws Exception {
        Path file = write("tiny.onnx", ForeignStyleGraphs.tiny(GraphBuilder.BATCH, 1, 129, 17));
        assertEquals(file + ": no output named 'mask'; its outputs are [logits]",
                refused(List.of(file), "mask").getMessage());
        LauncherRun run = LauncherRun.of(List.of(new ImportCommand()), "import", "--graphs", file.toString(),
                "--out", dir.resolve("out").toString(), "--input", "image");
        assertEquals(1, run.code());
        assertTrue(run.err().contains(file + ": no input named 'image'; its inputs are [input]"), run.err());
    }

    @Test
    void severalOutputsNeedOne() throws Exception {
        ModelProto tiny = ForeignStyleGraphs.tiny(GraphBuilder.BATCH, 1, 129, 17);
        ModelProto two = tiny.toBuilder().setGraph(tiny.getGraph().toBuilder()
                .addOutput(tiny.getGraph().getOutput(0).toBuilder().setName("input"))).build();
        Path file = write("two.onnx", two);
        assertEquals(file + ": the graph has outputs [logits, input]; name the one to use with --output",
                refused(List.of(file), null).getMessage());
    }

    @Test
    void shapesThatContradictTheConvention() throws Exception {
        Path small = write("small.onnx", ForeignStyleGraphs.tiny(GraphBuilder.BATCH, 1, 128, 17));
        assertEquals(small + ": input input [N,1,128,128] is 128x128; --input-size says 129",
                refused(List.of(small), null).getMessage());
        Path rgb = write("rgb.onnx", ForeignStyleGraphs.tiny(GraphBuilder.BATCH, 3, 129, 17));
        assertEquals(rgb + ": input input [N,3,129,129] has 3 channels; --channels says 1",
                refused(List.of(rgb), null).getMessage());
        Path four = write("batch4.onnx", ForeignStyleGraphs.tiny(4, 1, 129, 17));
        assertEquals(four + ": input input [4,1,129,129] has a fixed batch of 4; import takes a dynamic batch or a "
                + "fixed batch of 1", refused(List.of(four), null).getMessage());
    }

    @Test
    void twoGraphsWithDifferentConventions() throws Exception {
        Path gray = write("fold-1.onnx", ForeignStyleGraphs.tiny(GraphBuilder.BATCH, 1, 129, 17));
        Path rgb = write("fold-2.onnx", ForeignStyleGraphs.tiny(GraphBuilder.BATCH, 3, 129, 17));
        assertEquals(rgb + ": declares input [3,129,129], output [6,129,129] but " + gray + " declares input "
                + "[1,129,129], output [2,129,129]; the graphs of one ensemble must share one convention (import them "
                + "into separate folders)", refused(List.of(gray, rgb), null).getMessage());
    }

    @Test
    void anOldOpsetIsRefusedWithTheRemedy() throws Exception {
        Path file = write("opset11.onnx", ForeignStyleGraphs.tiny(GraphBuilder.BATCH, 1, 129, 11));
        assertEquals(file + ": imports opset 11 of the default ONNX domain; import needs 13 or newer "
                + "(torch.onnx.export(..., opset_version=13 or more))", refused(List.of(file), null).getMessage());
    }

    @Test
    void anOperatorThisOnnxRuntimeLacksIsOneErrorNamingIt() throws Exception {
        ModelProto tiny = ForeignStyleGraphs.tiny(GraphBuilder.BATCH, 1, 129, 17);
        List<NodeProto> nodes = tiny.getGraph().getNodeList().stream()
                .map(n -> n.getOpType().equals("Mul") ? n.toBuilder().setOpType("Frobnicate").build() : n).toList();
        Path file = write("custom.onnx", tiny.toBuilder().setGraph(tiny.getGraph().toBuilder().clearNode()
                .addAllNode(nodes)).build());
        InputException e = refused(List.of(file), null);
        assertTrue(e.getMessage().startsWith(file + ": ONNX Runtime "), e.getMessage());
        assertTrue(e.getMessage().contains("cannot run this graph: "), e.getMessage());
        assertTrue(e.getMessage().contains("No Op registered for Frobnicate with domain_version of 17"),
                e.getMessage());
        assertFalse(e.getMessage().contains("Error code"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void anOpsetNewerThanThisOnnxRuntimeIsOneErrorNamingIt() throws Exception {
        Path file = write("opset99.onnx", ForeignStyleGraphs.tiny(GraphBuilder.BATCH, 1, 129, 99));
        InputException e = refused(List.of(file), null);
        assertTrue(e.getMessage().startsWith(file + ": ONNX Runtime "), e.getMessage());
        assertTrue(e.getMessage().contains("cannot run this graph: the graph imports opset 99; this ONNX Runtime's "
                + "official support for domain ai.onnx is till opset "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" (export with an older opset_version)"), e.getMessage());
    }

    @Test
    void twoFilesNamingTheSameFold() throws Exception {
        Path a = write("a_fold3.onnx", ForeignStyleGraphs.tiny(GraphBuilder.BATCH, 1, 129, 17));
        Path b = write("b_fold-3.onnx", ForeignStyleGraphs.tiny(GraphBuilder.BATCH, 1, 129, 17));
        assertEquals(b + ": names fold 3 like " + a + "; rename the files or pass them without fold numbers in "
                + "their names", refused(List.of(a, b), null).getMessage());
    }

    @Test
    void badOptionValuesAreUsageErrors() throws Exception {
        Path file = write("tiny.onnx", ForeignStyleGraphs.tiny(GraphBuilder.BATCH, 1, 129, 17));
        LauncherRun run = LauncherRun.of(List.of(new ImportCommand()), "import", "--graphs", file.toString(),
                "--out", dir.resolve("out").toString(), "--activation", "softmax");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--activation: unknown output activation 'softmax'"), run.err());
        run = LauncherRun.of(List.of(new ImportCommand()), "import", "--out", dir.resolve("out").toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("graphs"), run.err());
    }
}

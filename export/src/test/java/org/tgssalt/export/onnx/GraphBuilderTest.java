package org.tgssalt.export.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphBuilderTest {
    @Test
    void rejectsWrongArityNamingTheOp() {
        GraphBuilder g = new GraphBuilder("t");
        String x = g.input("x", GraphBuilder.BATCH, 1, 4, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.op(OnnxOp.CONV, "c", List.of(x), OpAttributes.of()));
        assertEquals("Building op Conv 'c': expected 2 to 3 inputs, got 1", e.getMessage());
    }

    @Test
    void rejectsUnknownAndMissingAttributes() {
        GraphBuilder g = new GraphBuilder("t");
        String x = g.input("x", GraphBuilder.BATCH, 1, 4, 4);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> g.op(OnnxOp.RELU, "r", List.of(x), OpAttributes.of().i("axis", 1)));
        assertEquals("Building op Relu 'r': unknown attribute 'axis', expected one of []", unknown.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> g.op(OnnxOp.CONCAT, "cat", List.of(x, x), OpAttributes.of()));
        assertEquals("Building op Concat 'cat': missing required attribute 'axis'", missing.getMessage());
    }

    @Test
    void rejectsUnknownInputTensorsAndBadInitializers() {
        GraphBuilder g = new GraphBuilder("t");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.op(OnnxOp.RELU, "r", "nope"));
        assertEquals("Building op Relu 'r': unknown input tensor 'nope'", e.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> g.constant("w", new float[5], 2, 3));
        assertEquals("initializer w: shape [2, 3] holds 6 values, got 5", size.getMessage());
    }

    @Test
    void makesNamesUniqueAndWritesOpsetIrAndMetadata() {
        GraphBuilder g = new GraphBuilder("t");
        String x = g.input("x", GraphBuilder.BATCH, 3);
        String a = g.op(OnnxOp.RELU, "act", x);
        String b = g.op(OnnxOp.RELU, "act", a);
        assertNotEquals(a, b);
        g.output(b, "y", GraphBuilder.BATCH, 3);
        g.metadata("fold", "3");
        ModelProto m = g.build();
        assertEquals(8, m.getIrVersion());
        assertEquals(17, m.getOpsetImport(0).getVersion());
        assertEquals("", m.getOpsetImport(0).getDomain());
        assertEquals("N", m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
        assertEquals("y", m.getGraph().getOutput(0).getName());
        assertEquals("fold", m.getMetadataProps(0).getKey());
        assertEquals("3", m.getMetadataProps(0).getValue());
        assertThrows(IllegalArgumentException.class, () -> g.input("x", 1));
    }
}

package org.tgssalt.export.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link GraphBuilder#embedForeign} and {@link GraphBuilder#useOpsets}, the parts import relies on. */
class GraphBuilderForeignTest {
    /** A foreign graph: {@code w} listed as an input and an initializer, a Dropout with its mask omitted. */
    private static GraphProto foreign() {
        GraphBuilder f = new GraphBuilder("foreign");
        String x = f.input("x", GraphBuilder.BATCH, 1, 4, 4);
        String w = f.constant("w", new float[] {2f});
        String y = f.op(OnnxOp.MUL, "y", x, w);
        f.output(y, "out", GraphBuilder.BATCH, 1, 4, 4);
        GraphProto g = f.build().getGraph();
        NodeProto dropout = NodeProto.newBuilder().setOpType("Dropout").setName("drop").addInput("out")
                .addOutput("dropped").addOutput("").build();
        return g.toBuilder().addInput(g.getInput(0).toBuilder().setName("w")).addNode(dropout)
                .setOutput(0, g.getOutput(0).toBuilder().setName("dropped")).build();
    }

    @Test
    void prefixesNamesKeepsOmittedOutputsAndTakesListedWeightsAsInitializers() {
        GraphBuilder g = new GraphBuilder("host");
        String image = g.input("image", GraphBuilder.BATCH, 1, 4, 4);
        Map<String, String> outs = g.embedForeign(foreign(), "net/", Map.of("x", image));
        g.output(outs.get("dropped"), "result", GraphBuilder.BATCH, 1, 4, 4);
        g.useOpsets(List.of(OperatorSetIdProto.newBuilder().setDomain("").setVersion(14).build()), 7);
        ModelProto model = g.build();
        assertEquals("net/dropped", outs.get("dropped"));
        NodeProto dropout = model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Dropout"))
                .findFirst().orElseThrow();
        assertEquals(List.of("net/dropped", ""), dropout.getOutputList());
        assertTrue(model.getGraph().getInitializerList().stream().anyMatch(t -> t.getName().equals("net/w")));
        assertEquals(14, model.getOpsetImport(0).getVersion());
        assertEquals(GraphBuilder.IR_VERSION, model.getIrVersion()); // never below the builder's own
    }

    @Test
    void refusesSubgraphs() {
        GraphProto withIf = foreign().toBuilder().addNode(NodeProto.newBuilder().setOpType("If").setName("branch")
                .addInput("x").addOutput("z").addAttribute(AttributeProto.newBuilder().setName("then_branch")
                        .setType(AttributeProto.AttributeType.GRAPH).setG(GraphProto.newBuilder().setName("t"))))
                .build();
        GraphBuilder g = new GraphBuilder("host");
        String image = g.input("image", GraphBuilder.BATCH, 1, 4, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.embedForeign(withIf, "net/", Map.of("x", image)));
        assertEquals("node 'branch' (If) holds a subgraph in attribute 'then_branch'; graphs with control flow "
                + "(If, Loop, Scan) cannot be imported", e.getMessage());
    }
}

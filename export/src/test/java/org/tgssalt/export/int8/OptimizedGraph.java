package org.tgssalt.export.int8;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tgssalt.ensemble.FoldEnsemble;

/** The graph ONNX Runtime's CPU provider really runs: the optimised model it writes at level ALL, parsed. */
record OptimizedGraph(List<NodeProto> nodes) {
    /** Creates a session at the scorer's optimisation level, has it write its optimised model, reads it back. */
    static OptimizedGraph of(ModelProto model, Path dir) throws OrtException, IOException {
        Path file = dir.resolve("optimized-" + System.nanoTime() + ".onnx");
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setOptimizedModelFilePath(file.toString());
            try (OrtSession session = FoldEnsemble.ortEnvironment().createSession(model.toByteArray(), options)) {
                // the file is written while the session is created
            }
        }
        return new OptimizedGraph(ModelProto.parseFrom(Files.readAllBytes(file)).getGraph().getNodeList());
    }

    /** How many nodes of each operator (domain-qualified when not the default domain). */
    Map<String, Integer> opCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (NodeProto n : nodes) {
            counts.merge(opName(n), 1, Integer::sum);
        }
        return counts;
    }

    /** Float convolutions (Conv, or ONNX Runtime's own float FusedConv / NCHWc Conv) that read a DequantizeLinear. */
    long floatConvsAfterDequantize() {
        Map<String, NodeProto> producer = new HashMap<>();
        for (NodeProto n : nodes) {
            n.getOutputList().forEach(o -> producer.put(o, n));
        }
        return nodes.stream().filter(n -> n.getOpType().equals("Conv") || n.getOpType().equals("FusedConv"))
                .filter(n -> n.getInputList().stream().map(producer::get)
                        .anyMatch(p -> p != null && p.getOpType().equals("DequantizeLinear")))
                .count();
    }

    /** Integer convolutions: QLinearConv in either domain (the NHWC form included). */
    long integerConvs() {
        return nodes.stream().filter(n -> n.getOpType().contains("QLinearConv") || n.getOpType().equals("ConvInteger"))
                .count();
    }

    private static String opName(NodeProto n) {
        return n.getDomain().isEmpty() ? n.getOpType() : n.getDomain() + ":" + n.getOpType();
    }
}

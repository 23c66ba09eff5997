package org.tgssalt.export.flops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.onnx.OnnxOp;
import org.tgssalt.export.onnx.OpAttributes;
import org.tgssalt.testing.TestGraphs;

class FlopCounterTest {
    @Test
    void agreesWithTheRuntimeFixturesOwnCount() throws Exception {
        ModelProto model = ModelProto.parseFrom(TestGraphs.convStackFold(4, 3, 1));
        assertEquals(TestGraphs.convStackFlops(4, 3), FlopCounter.convolutionFlops(model));
    }

    @Test
    void handCountedStridedDilatedConvolution() throws Exception {
        // 3x3 conv 2 -> 5 channels, stride 2, dilation 2, padding 2 on 101x101: output 51x51.
        // FLOPs = 2 * 5 * 51 * 51 * (2 * 3 * 3) = 468180.
        GraphBuilder g = new GraphBuilder("c");
        String x = g.input("x", GraphBuilder.BATCH, 2, 101, 101);
        String w = g.constant("w", new float[5 * 2 * 9], 5, 2, 3, 3);
        String y = g.op(OnnxOp.CONV, "conv", List.of(x, w), OpAttributes.of().ints("kernel_shape", 3, 3)
                .ints("strides", 2, 2).ints("dilations", 2, 2).ints("pads", 2, 2, 2, 2));
        g.output(y, "y", GraphBuilder.BATCH, 5, 51, 51);
        assertEquals(468180L, FlopCounter.convolutionFlops(g.build()));
    }
}

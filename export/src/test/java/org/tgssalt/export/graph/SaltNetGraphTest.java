package org.tgssalt.export.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tgssalt.export.flops.FlopCounter;
import org.tgssalt.train.model.SaltNet;
import org.tgssalt.train.model.SaltNetConfig;
import org.tgssalt.train.testing.NDManagerExtension;

/** The whole network's emission against its DJL eval forward, and its FLOP count. */
@ExtendWith(NDManagerExtension.class)
class SaltNetGraphTest {
    @Test
    void wholeNetworkEmissionMatchesEvalForward(NDManager m) throws Exception {
        SaltNet net = new SaltNet(SaltNetConfig.full(0.25));
        BlockParity.initialise(m, net, 21, new Shape(1, 1, 129, 129));
        BlockParity.assertParity(m, net, ExportOptions.DEFAULT,
                List.of(BlockParity.random(new Random(21), 2, 1, 129, 129)));
        BlockParity.assertParity(m, net, new ExportOptions(false),
                List.of(BlockParity.random(new Random(22), 1, 1, 129, 129)));
    }

    @Test
    void referenceNetworkHasTheReferenceConvolutionFlops(NDManager m) throws Exception {
        SaltNet net = new SaltNet(SaltNetConfig.reference());
        net.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 1, 129, 129));
        ModelProto model = SaltNetGraph.build(net, "f2", ExportOptions.DEFAULT, Map.of());
        long flops = FlopCounter.convolutionFlops(model);
        System.out.println("conv FLOPs at f=2: " + flops);
        // The reference's 9.617 GFLOP, less what the GUM's output 1x1 convolution (128 -> 16) saves by running
        // before the sampling, on 17x17 instead of 129x129.
        double movedBeforeSampling = 2.0 * 128 * 16 * (129 * 129 - 17 * 17);
        assertEquals(9.617e9 - movedBeforeSampling, flops, 0.0005e9);
    }
}

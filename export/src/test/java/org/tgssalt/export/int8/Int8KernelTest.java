package org.tgssalt.export.int8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.export.parity.ParityImages;
import org.tgssalt.image.GrayImage;

/**
 * A QDQ graph that ONNX Runtime runs in float32 is a defect: the optimised model ONNX Runtime writes must hold
 * one integer convolution per quantised convolution and no float convolution reading a DequantizeLinear.
 */
class Int8KernelTest {
    @TempDir
    Path dir;

    @Test
    void everyQuantisedConvolutionRunsAsAnIntegerKernel() throws Exception {
        ModelProto fp32 = ConvBlockGraph.chain(7);
        QuantizationPlan plan = QuantizationPlan.of(fp32);
        // conv4 feeds the Sigmoid and stays float32 (QuantizationPlan.FLOAT_READERS); the other three are int8.
        assertEquals(3, plan.convs().size(), plan.convs().toString());
        List<GrayImage> images = ParityImages.collect(null, 8, 3);
        Map<String, ActivationRange> ranges = ActivationCalibrator.calibrate(fp32, plan, images,
                CalibrationMethod.MINMAX, s -> {});
        ModelProto int8 = QdqRewriter.rewrite(fp32, plan, ranges, ChannelWeights.FULL_LEVELS, Map.of());
        OptimizedGraph optimized = OptimizedGraph.of(int8, dir);
        System.out.println("optimised int8 graph: " + optimized.opCounts());
        assertEquals(plan.convs().size(), optimized.integerConvs(), optimized.opCounts().toString());
        assertEquals(0, optimized.floatConvsAfterDequantize(), optimized.opCounts().toString());
    }
}

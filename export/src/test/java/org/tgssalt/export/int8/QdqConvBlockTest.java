package org.tgssalt.export.int8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tgssalt.export.parity.FloatTensor;
import org.tgssalt.export.parity.OrtGraph;
import org.tgssalt.export.parity.ParityCheck;
import org.tgssalt.export.parity.ParityImages;
import org.tgssalt.image.GrayImage;

/**
 * One quantised convolution block (3x3 convolution with bias, ReLU; then the float Sigmoid) against its float32
 * block, within the bound that follows from the scales. Per output value, with input x (|x| <= X, stored with
 * error <= s_x/2), weights w of the channel (error <= s_w/2) and the int32 bias (error <= s_x s_w / 2):
 * <pre>
 * |conv' - conv| <= sum_k (|w_k| s_x/2 + X s_w/2 + s_x s_w/4) + s_x s_w/2
 * </pre>
 * the ReLU adds nothing (1-Lipschitz), its uint8 output at most s_y/2 (min-max ranges hold every value of these
 * images), and the Sigmoid multiplies by at most 1/4. 1e-5 covers float32 rounding of the two graphs' sums.
 */
class QdqConvBlockTest {
    @Test
    void quantisedBlockStaysWithinTheBoundOfItsScales() throws Exception {
        ModelProto fp32 = ConvBlockGraph.oneBlock(11);
        QuantizationPlan plan = QuantizationPlan.of(fp32);
        assertEquals(1, plan.convs().size());
        QuantizedConv conv = plan.convs().get(0);
        List<GrayImage> images = ParityImages.collect(null, 8, 5);
        Map<String, ActivationRange> ranges = ActivationCalibrator.calibrate(fp32, plan, images,
                CalibrationMethod.MINMAX, s -> {});
        ModelProto int8 = QdqRewriter.rewrite(fp32, plan, ranges, ChannelWeights.FULL_LEVELS, Map.of());

        float[] w = QdqRewriter.floats(initializer(fp32, conv.weight()));
        ChannelWeights q = ChannelWeights.of(w, 2, ChannelWeights.FULL_LEVELS);
        ActivationRange x = ranges.get(conv.input());
        double sx = x.scale();
        double sw = q.scales()[1]; // the graph keeps channel 1
        double sy = ranges.get(conv.output()).scale();
        double bigX = Math.max(-x.min(), x.max());
        double conv1 = 0;
        for (int k = 9; k < 18; k++) {
            conv1 += Math.abs(w[k]) * sx / 2 + bigX * sw / 2 + sx * sw / 4;
        }
        conv1 += sx * sw / 2;
        double bound = (conv1 + sy / 2) / 4 + 1e-5;

        FloatTensor input = ParityCheck.batch(images);
        FloatTensor expected;
        FloatTensor actual;
        try (OrtGraph a = new OrtGraph(fp32.toByteArray(), OptLevel.ALL_OPT);
                OrtGraph b = new OrtGraph(int8.toByteArray(), OptLevel.ALL_OPT)) {
            expected = a.run(input);
            actual = b.run(input);
        }
        double diff = expected.maxAbsDifference(actual);
        assertTrue(diff <= bound, "max |int8 - fp32| " + diff + " exceeds the bound " + bound);
        assertTrue(diff > 0, "the int8 block computed exactly the float32 values: was it quantised at all?");
    }

    private static TensorProto initializer(ModelProto model, String name) {
        return model.getGraph().getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow();
    }
}

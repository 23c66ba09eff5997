package org.tgssalt.train.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;
import org.tgssalt.train.testing.NDManagerExtension;

/**
 * Guards the platform. On this project's AMD EPYC (AVX-512) machines, PyTorch 2.7.1's oneDNN
 * float32 convolution backward-data gave wrong input gradients (and, with 2 threads, NaN in most
 * runs) whenever oneDNN handles the convolution (float32, batch > 1): e.g. all-ones 3x3 conv on
 * [2,1,3,3] gave d/dx = [1,1,0,1,1,0,0,0,0] instead of [4,6,4,6,9,6,4,6,4]. float64 and batch 1
 * (native kernels) were right; the forward pass was right. Limiting oneDNN's instruction set with
 * {@code ONEDNN_MAX_CPU_ISA=AVX} (or SSE41) fixes it; AVX2 and AVX-512 do not. The {@code tgs}
 * launcher and the parent POM's surefire configuration set it (see {@code CpuNativeSettings}). The input
 * gradient is checked against a direct evaluation of the transposed convolution, repeatedly because the
 * failure can be intermittent, at toy sizes and at the network's own (129x129, dilated, many channels);
 * with {@code -Dtgs.onednn.isa=AVX2} this test fails.
 */
@ExtendWith(NDManagerExtension.class)
class ConvolutionBackwardTest {

    @ParameterizedTest(name = "3x3 conv {0}->{1} channels, dilation {2}, {3}x{3}")
    @CsvSource({"1, 1, 1, 3", "4, 4, 1, 33", "8, 4, 4, 17", "16, 16, 1, 65", "32, 16, 1, 129", "64, 32, 2, 65"})
    void inputGradientEqualsTheTransposedConvolution(int in, int out, int dilation, int size, NDManager base) {
        Random random = new Random(7);
        for (int repeat = 0; repeat < 4; repeat++) {
            // a fresh scope per repeat: each repeat's network and arrays are freed before the next
            try (NDManager manager = base.newSubManager()) {
                Conv2d conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(out)
                        .optPadding(new Shape(dilation, dilation)).optDilation(new Shape(dilation, dilation))
                        .optBias(false).build();
                Shape inputShape = new Shape(2, in, size, size);
                conv.initialize(manager, DataType.FLOAT32, inputShape);
                float[] xs = gaussian(random, (int) inputShape.size());
                float[] rs = gaussian(random, 2 * out * size * size);
                NDArray x = manager.create(xs, inputShape);
                NDArray r = manager.create(rs, new Shape(2, out, size, size));
                x.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray y = conv.forward(new ParameterStore(manager, false), new NDList(x), true)
                            .singletonOrThrow();
                    collector.backward(y.mul(r).sum());
                }
                float[] weights = conv.getParameters().get("weight").getArray().toFloatArray();
                float[] actual = x.getGradient().toFloatArray();
                double[] expected = transposedConvolution(rs, weights, in, out, size, dilation);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-4, "repeat " + repeat + ", input gradient " + i);
                }
            }
        }
    }

    private static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** d/dx of sum(conv(x) * r) for a 3x3 kernel with padding = dilation, stride 1, batch 2. */
    private static double[] transposedConvolution(float[] r, float[] w, int in, int out, int size, int dilation) {
        double[] dx = new double[2 * in * size * size];
        for (int n = 0; n < 2; n++) {
            for (int co = 0; co < out; co++) {
                for (int oi = 0; oi < size; oi++) {
                    for (int oj = 0; oj < size; oj++) {
                        double g = r[((n * out + co) * size + oi) * size + oj];
                        for (int ci = 0; ci < in; ci++) {
                            for (int kh = 0; kh < 3; kh++) {
                                int a = oi + dilation * (kh - 1);
                                if (a < 0 || a >= size) {
                                    continue;
                                }
                                for (int kw = 0; kw < 3; kw++) {
                                    int b = oj + dilation * (kw - 1);
                                    if (b < 0 || b >= size) {
                                        continue;
                                    }
                                    dx[((n * in + ci) * size + a) * size + b] +=
                                            g * w[((co * in + ci) * 3 + kh) * 3 + kw];
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }
}

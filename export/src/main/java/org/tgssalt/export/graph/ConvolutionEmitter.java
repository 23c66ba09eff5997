package org.tgssalt.export.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.tgssalt.export.onnx.OnnxOp;
import org.tgssalt.export.onnx.OpAttributes;

/**
 * A DJL {@link Conv2d} (with or without bias) as an ONNX Conv; also the shared emission of
 * convolution + eval-mode batch norm (+ ReLU), with the batch norm either folded into the
 * convolution's weights and bias or emitted as BatchNormalization (see {@link ExportOptions}).
 */
public final class ConvolutionEmitter implements BlockEmitter<Conv2d> {
    /** DJL's default batch-norm epsilon, used if the block's own value cannot be read. */
    private static final float DEFAULT_EPSILON = 1e-5f;

    @Override
    public Class<Conv2d> blockType() {
        return Conv2d.class;
    }

    @Override
    public FeatureMap emit(Emission emission, Conv2d block, String scope, List<FeatureMap> inputs) {
        return emit(emission, block, null, false, scope, single(scope, inputs));
    }

    /**
     * Emits {@code conv}, then {@code batchNorm} in eval mode when not null, then ReLU when asked.
     *
     * @param emission the graph
     * @param conv the convolution
     * @param batchNorm the batch norm after it, or null
     * @param relu whether a ReLU follows
     * @param scope name prefix
     * @param x the input
     * @return the output
     */
    public static FeatureMap emit(Emission emission, Conv2d conv, BatchNorm batchNorm, boolean relu, String scope,
            FeatureMap x) {
        NDArray weightArray = parameter(conv, "weight", scope);
        long[] wShape = weightArray.getShape().getShape();
        if (wShape.length != 4) {
            throw new IllegalStateException(scope + ": expected a 4-D convolution weight, got shape "
                    + weightArray.getShape());
        }
        int out = (int) wShape[0];
        int groups = conv.getGroups();
        if (wShape[1] * groups != x.channels()) {
            throw new IllegalStateException(scope + ": convolution expects " + wShape[1] * groups
                    + " input channels, the input " + x.name() + " has " + x.sizeText());
        }
        float[] weight = weightArray.toFloatArray();
        float[] bias = conv.isIncludeBias() ? parameter(conv, "bias", scope).toFloatArray() : null;
        boolean fold = batchNorm != null && emission.options().foldBatchNorm();
        if (fold) {
            BatchNormValues bn = BatchNormValues.of(batchNorm, scope, out);
            float[] folded = new float[out];
            int perOut = weight.length / out;
            for (int o = 0; o < out; o++) {
                double scale = bn.gamma[o] / Math.sqrt((double) bn.variance[o] + bn.epsilon);
                for (int k = 0; k < perOut; k++) {
                    weight[o * perOut + k] = (float) (weight[o * perOut + k] * scale);
                }
                double b = bias == null ? 0 : bias[o];
                folded[o] = (float) ((b - bn.mean[o]) * scale + bn.beta[o]);
            }
            bias = folded;
        }
        long[] kernel = conv.getKernelShape().getShape();
        long[] stride = conv.getStride().getShape();
        long[] padding = conv.getPadding().getShape();
        long[] dilation = conv.getDilation().getShape();
        var g = emission.graph();
        List<String> in = new ArrayList<>(List.of(x.name(), g.constant(scope + "/weight", weight, wShape)));
        if (bias != null) {
            in.add(g.constant(scope + "/bias", bias, out));
        }
        OpAttributes attributes = OpAttributes.of().ints("kernel_shape", kernel).ints("strides", stride)
                .ints("pads", padding[0], padding[1], padding[0], padding[1]).ints("dilations", dilation)
                .i("group", groups);
        String y = g.op(OnnxOp.CONV, scope + "/conv", in, attributes);
        if (batchNorm != null && !fold) {
            BatchNormValues bn = BatchNormValues.of(batchNorm, scope, out);
            y = g.op(OnnxOp.BATCH_NORMALIZATION, scope + "/bn", List.of(y,
                    g.constant(scope + "/bn_gamma", bn.gamma, out), g.constant(scope + "/bn_beta", bn.beta, out),
                    g.constant(scope + "/bn_mean", bn.mean, out), g.constant(scope + "/bn_var", bn.variance, out)),
                    OpAttributes.of().f("epsilon", bn.epsilon));
        }
        if (relu) {
            y = g.op(OnnxOp.RELU, scope + "/relu", y);
        }
        int h = outputSize(x.height(), kernel[0], stride[0], padding[0], dilation[0]);
        int w = outputSize(x.width(), kernel[1], stride[1], padding[1], dilation[1]);
        if (h <= 0 || w <= 0) {
            throw new IllegalStateException(scope + ": convolution leaves no output for input " + x.sizeText());
        }
        return new FeatureMap(y, out, h, w);
    }

    /** PyTorch's (and ONNX's) convolution output size, rounding down. */
    static int outputSize(int in, long kernel, long stride, long padding, long dilation) {
        return (int) Math.floorDiv(in + 2 * padding - dilation * (kernel - 1) - 1, stride) + 1;
    }

    /** The one input of a single-input block, or an error naming the block. */
    static FeatureMap single(String scope, List<FeatureMap> inputs) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(scope + ": expected 1 input, got " + inputs.size());
        }
        return inputs.get(0);
    }

    static NDArray parameter(Block block, String name, String scope) {
        Parameter p = block.getParameters().get(name);
        if (p == null || !p.isInitialized()) {
            throw new IllegalStateException(scope + ": parameter '" + name + "' missing or not initialised in "
                    + block.getClass().getSimpleName() + " (has " + block.getParameters().keys() + ")");
        }
        return p.getArray();
    }

    /** A batch norm's eval-mode values. */
    private record BatchNormValues(float[] gamma, float[] beta, float[] mean, float[] variance, float epsilon) {
        static BatchNormValues of(BatchNorm bn, String scope, int channels) {
            BatchNormValues v = new BatchNormValues(parameter(bn, "gamma", scope).toFloatArray(),
                    parameter(bn, "beta", scope).toFloatArray(), parameter(bn, "runningMean", scope).toFloatArray(),
                    parameter(bn, "runningVar", scope).toFloatArray(), epsilon(bn));
            if (v.gamma.length != channels || v.mean.length != channels) {
                throw new IllegalStateException(scope + ": batch norm has " + v.gamma.length
                        + " channels, the convolution gives " + channels);
            }
            return v;
        }

        /** DJL's BatchNorm has no epsilon getter; read the field so a non-default value is honoured. */
        private static float epsilon(BatchNorm bn) {
            try {
                Field f = BatchNorm.class.getDeclaredField("epsilon");
                f.setAccessible(true);
                return f.getFloat(bn);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return DEFAULT_EPSILON;
            }
        }
    }
}

package org.tgssalt.export.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.onnx.OnnxOp;
import org.tgssalt.export.onnx.OpAttributes;

/**
 * A DJL {@link Conv2d} (with or without bias) as an ONNX Conv; also the shared emission of a
 * {@link ConvolutionLayer}: convolution + eval-mode batch norm (+ ReLU), with the batch norm either folded into
 * the convolution's weights and bias ({@link BatchNormValues#foldInto}) or emitted as BatchNormalization (see
 * {@link ExportOptions}).
 */
public final class ConvolutionEmitter implements BlockEmitter<Conv2d> {
    @Override
    public Class<Conv2d> blockType() {
        return Conv2d.class;
    }

    @Override
    public FeatureMap emit(Emission emission, Conv2d block, String scope, List<FeatureMap> inputs) {
        return emit(emission, ConvolutionLayer.plain(block), scope, single(scope, inputs));
    }

    /**
     * Emits {@code layer}: its convolution, then its batch norm in eval mode (folded into the convolution's
     * weights and bias, or as BatchNormalization when {@link ExportOptions#foldBatchNorm()} is off), then its
     * ReLU.
     *
     * @param emission the graph
     * @param layer the convolution and what follows it
     * @param scope name prefix
     * @param x the input
     * @return the output
     */
    static FeatureMap emit(Emission emission, ConvolutionLayer layer, String scope, FeatureMap x) {
        ConvolutionWeights weights = foldedWeights(emission, layer, scope, x);
        String y = convolution(emission.graph(), layer.conv(), weights, scope, x);
        if (layer.hasBatchNorm() && !folds(emission, layer)) {
            y = batchNormalization(emission.graph(), BatchNormValues.of(layer.batchNorm(), scope, weights.out()),
                    scope, y);
        }
        if (layer.relu()) {
            y = emission.graph().op(OnnxOp.RELU, scope + "/relu", y);
        }
        return output(layer.conv(), scope, x, y, weights.out());
    }

    /**
     * Emits the pointwise {@code layer} with {@code sampling} moved before its batch norm:
     * {@code relu(bn(sampling(conv(x))))}, the order {@code GuidedUpsampling}'s DJL forward uses. A 1x1
     * convolution and a per-channel linear sampling commute, so this equals {@code layer(sampling(x))} while
     * sampling {@code out} channels instead of {@code in}. A folded batch norm's shift (and any convolution bias)
     * is added after the sampling: added before, zero padding would scale it down where samples fall outside.
     *
     * @param emission the graph
     * @param layer a 1x1, stride 1, unpadded convolution and what follows it
     * @param scope name prefix
     * @param x the input
     * @param sampling the linear, per-channel resampling (e.g. GridSample) applied to the convolution's output
     * @return the output
     * @throws IllegalStateException naming {@code scope} when the convolution is not pointwise
     */
    static FeatureMap emitAroundSampling(Emission emission, ConvolutionLayer layer, String scope, FeatureMap x,
            UnaryOperator<FeatureMap> sampling) {
        Conv2d conv = layer.conv();
        if (!isPointwise(conv)) {
            throw new IllegalStateException(scope + ": only a 1x1, stride 1, unpadded, ungrouped convolution commutes "
                    + "with sampling; got kernel " + conv.getKernelShape() + " stride " + conv.getStride()
                    + " padding " + conv.getPadding() + " groups " + conv.getGroups());
        }
        GraphBuilder g = emission.graph();
        ConvolutionWeights weights = foldedWeights(emission, layer, scope, x);
        ConvolutionWeights linear = new ConvolutionWeights(weights.weight(), weights.shape(), null);
        FeatureMap narrow = output(conv, scope, x, convolution(g, conv, linear, scope, x), weights.out());
        FeatureMap sampled = sampling.apply(narrow);
        if (sampled.channels() != narrow.channels()) {
            throw new IllegalStateException(scope + ": sampling changed the channels " + narrow.sizeText() + " -> "
                    + sampled.sizeText());
        }
        String y = sampled.name();
        if (weights.bias() != null) {
            y = g.op(OnnxOp.ADD, scope + "/bias_add", y, g.constant(scope + "/bias", weights.bias(), 1,
                    weights.out(), 1, 1));
        }
        if (layer.hasBatchNorm() && !folds(emission, layer)) {
            y = batchNormalization(g, BatchNormValues.of(layer.batchNorm(), scope, weights.out()), scope, y);
        }
        if (layer.relu()) {
            y = g.op(OnnxOp.RELU, scope + "/relu", y);
        }
        return sampled.renamed(y);
    }

    /** Whether {@code layer}'s batch norm goes into its convolution's weights (it has one, and the options fold). */
    private static boolean folds(Emission emission, ConvolutionLayer layer) {
        return layer.hasBatchNorm() && emission.options().foldBatchNorm();
    }

    /** {@code layer}'s convolution weights, with its batch norm folded in when {@link #folds} says so. */
    private static ConvolutionWeights foldedWeights(Emission emission, ConvolutionLayer layer, String scope,
            FeatureMap x) {
        ConvolutionWeights weights = ConvolutionWeights.of(layer.conv(), scope, x);
        return folds(emission, layer)
                ? BatchNormValues.of(layer.batchNorm(), scope, weights.out()).foldInto(weights) : weights;
    }

    private static boolean isPointwise(Conv2d conv) {
        return allOnes(conv.getKernelShape().getShape()) && allOnes(conv.getStride().getShape())
                && allOnes(conv.getDilation().getShape()) && conv.getGroups() == 1
                && Arrays.stream(conv.getPadding().getShape()).allMatch(p -> p == 0);
    }

    private static boolean allOnes(long[] values) {
        return Arrays.stream(values).allMatch(v -> v == 1);
    }

    /** The Conv node with its weight and bias constants; returns its output name. */
    private static String convolution(GraphBuilder g, Conv2d conv, ConvolutionWeights weights, String scope,
            FeatureMap x) {
        long[] padding = conv.getPadding().getShape();
        List<String> in = new ArrayList<>(List.of(x.name(), g.constant(scope + "/weight", weights.weight(),
                weights.shape())));
        if (weights.bias() != null) {
            in.add(g.constant(scope + "/bias", weights.bias(), weights.out()));
        }
        OpAttributes attributes = OpAttributes.of().ints("kernel_shape", conv.getKernelShape().getShape())
                .ints("strides", conv.getStride().getShape())
                .ints("pads", padding[0], padding[1], padding[0], padding[1])
                .ints("dilations", conv.getDilation().getShape()).i("group", conv.getGroups());
        return g.op(OnnxOp.CONV, scope + "/conv", in, attributes);
    }

    /** A BatchNormalization node in eval mode after {@code y}; returns its output name. */
    private static String batchNormalization(GraphBuilder g, BatchNormValues bn, String scope, String y) {
        int channels = bn.gamma().length;
        return g.op(OnnxOp.BATCH_NORMALIZATION, scope + "/bn", List.of(y,
                g.constant(scope + "/bn_gamma", bn.gamma(), channels), g.constant(scope + "/bn_beta", bn.beta(), channels),
                g.constant(scope + "/bn_mean", bn.mean(), channels),
                g.constant(scope + "/bn_var", bn.variance(), channels)),
                OpAttributes.of().f("epsilon", bn.epsilon()));
    }

    /** The layer's output map {@code y}: {@code channels} channels at the convolution's output size. */
    private static FeatureMap output(Conv2d conv, String scope, FeatureMap x, String y, int channels) {
        long[] kernel = conv.getKernelShape().getShape();
        long[] stride = conv.getStride().getShape();
        long[] padding = conv.getPadding().getShape();
        long[] dilation = conv.getDilation().getShape();
        int h = outputSize(x.height(), kernel[0], stride[0], padding[0], dilation[0]);
        int w = outputSize(x.width(), kernel[1], stride[1], padding[1], dilation[1]);
        if (h <= 0 || w <= 0) {
            throw new IllegalStateException(scope + ": convolution leaves no output for input " + x.sizeText());
        }
        return new FeatureMap(y, channels, h, w);
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
}

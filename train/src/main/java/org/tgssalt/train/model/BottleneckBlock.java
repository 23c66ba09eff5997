package org.tgssalt.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.Optional;

/**
 * The first block of a residual stage: CBR 1x1 in->mid, CBR 3x3 mid->mid (stride, dilation,
 * padding = dilation), CB 1x1 mid->out, plus a shortcut, then ReLU of the sum. The shortcut is a
 * CB 1x1 in->out with the stride when the shape changes (in != out or stride > 1), else identity.
 * When dilation > 1 the stride is forced to 1, as in the reference.
 */
public final class BottleneckBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int in;
    private final int mid;
    private final int out;
    private final int stride;
    private final int dilation;
    private final ConvBn reduce;
    private final ConvBn conv;
    private final ConvBn expand;
    private final ConvBn shortcut;

    /** A bottleneck with the given channels; {@code stride} is ignored (1) when {@code dilation > 1}. */
    public BottleneckBlock(int in, int mid, int out, int stride, int dilation) {
        super(VERSION);
        this.in = in;
        this.mid = mid;
        this.out = out;
        this.dilation = dilation;
        this.stride = dilation > 1 ? 1 : stride;
        this.reduce = addChildBlock("reduce", new ConvBn(ConvSpec.pointwise(in, mid), true));
        this.conv = addChildBlock("conv", new ConvBn(ConvSpec.threeByThree(mid, mid, this.stride, dilation), true));
        this.expand = addChildBlock("expand", new ConvBn(ConvSpec.pointwise(mid, out), false));
        this.shortcut = in != out || this.stride != 1
                ? addChildBlock("shortcut", new ConvBn(ConvSpec.pointwise(in, out, this.stride), false))
                : null;
    }

    /** Input channels. */
    public int in() {
        return in;
    }

    /** Bottleneck (middle) channels. */
    public int mid() {
        return mid;
    }

    /** Output channels. */
    public int out() {
        return out;
    }

    /** Effective stride of the 3x3 convolution and the shortcut (1 when dilated). */
    public int stride() {
        return stride;
    }

    /** Dilation of the 3x3 convolution. */
    public int dilation() {
        return dilation;
    }

    /** CBR 1x1 in->mid. */
    public ConvBn reduce() {
        return reduce;
    }

    /** CBR 3x3 mid->mid. */
    public ConvBn conv() {
        return conv;
    }

    /** CB 1x1 mid->out. */
    public ConvBn expand() {
        return expand;
    }

    /** CB 1x1 in->out projection, or empty for the identity shortcut. */
    public Optional<ConvBn> shortcut() {
        return Optional.ofNullable(shortcut);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList x = inputs;
        NDList y = expand.forward(store,
                conv.forward(store, reduce.forward(store, x, training, params), training, params), training, params);
        NDArray skip = shortcut == null ? x.singletonOrThrow()
                : shortcut.forward(store, x, training, params).singletonOrThrow();
        return new NDList(Activation.relu(y.singletonOrThrow().add(skip)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return expand.getOutputShapes(conv.getOutputShapes(reduce.getOutputShapes(inputShapes)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        reduce.initialize(manager, dataType, inputShapes);
        Shape[] reduced = reduce.getOutputShapes(inputShapes);
        conv.initialize(manager, dataType, reduced);
        expand.initialize(manager, dataType, conv.getOutputShapes(reduced));
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }
}

package org.tgssalt.train.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A residual block that keeps the shape: ReLU(x + CB 1x1 mid->out(CBR 3x3 mid->mid(CBR 1x1
 * out->mid(x)))), the 3x3 with stride 1, the given dilation and padding = dilation.
 */
public final class IdentityBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int out;
    private final int mid;
    private final int dilation;
    private final ConvBn reduce;
    private final ConvBn conv;
    private final ConvBn expand;

    /** An identity block on {@code out} channels with a {@code mid}-channel bottleneck. */
    public IdentityBlock(int out, int mid, int dilation) {
        super(VERSION);
        this.out = out;
        this.mid = mid;
        this.dilation = dilation;
        this.reduce = addChildBlock("reduce", new ConvBn(ConvSpec.pointwise(out, mid), true));
        this.conv = addChildBlock("conv", new ConvBn(ConvSpec.threeByThree(mid, mid, 1, dilation), true));
        this.expand = addChildBlock("expand", new ConvBn(ConvSpec.pointwise(mid, out), false));
    }

    /** Input and output channels. */
    public int out() {
        return out;
    }

    /** Bottleneck (middle) channels. */
    public int mid() {
        return mid;
    }

    /** Dilation of the 3x3 convolution. */
    public int dilation() {
        return dilation;
    }

    /** CBR 1x1 out->mid. */
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

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList y = expand.forward(store,
                conv.forward(store, reduce.forward(store, inputs, training, params), training, params), training,
                params);
        return new NDList(Activation.relu(y.singletonOrThrow().add(inputs.singletonOrThrow())));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (inputShapes[0].get(1) != out) {
            throw new IllegalArgumentException("IdentityBlock(" + out + "): input has " + inputShapes[0].get(1)
                    + " channels (input shape " + inputShapes[0] + ")");
        }
        reduce.initialize(manager, dataType, inputShapes);
        Shape[] reduced = reduce.getOutputShapes(inputShapes);
        conv.initialize(manager, dataType, reduced);
        expand.initialize(manager, dataType, conv.getOutputShapes(reduced));
    }
}

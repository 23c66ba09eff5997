package org.tgssalt.train.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference's residual block R(n, in, mid, out, stride, dilation): one {@link BottleneckBlock}
 * followed by n - 1 {@link IdentityBlock}s.
 */
public final class ResidualStage extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int blocks;
    private final BottleneckBlock bottleneck;
    private final List<IdentityBlock> identities;

    /** A stage of {@code blocks} (at least 1) residual blocks. */
    public ResidualStage(int blocks, int in, int mid, int out, int stride, int dilation) {
        super(VERSION);
        if (blocks < 1) {
            throw new IllegalArgumentException("a residual stage needs at least one block, got " + blocks);
        }
        this.blocks = blocks;
        this.bottleneck = addChildBlock("bottleneck", new BottleneckBlock(in, mid, out, stride, dilation));
        List<IdentityBlock> list = new ArrayList<>();
        for (int i = 1; i < blocks; i++) {
            list.add(addChildBlock("identity" + i, new IdentityBlock(out, mid, dilation)));
        }
        this.identities = List.copyOf(list);
    }

    /** Number of residual blocks (bottleneck included). */
    public int blocks() {
        return blocks;
    }

    /** The first, possibly striding or widening, block. */
    public BottleneckBlock bottleneck() {
        return bottleneck;
    }

    /** The identity blocks after the bottleneck, in order. */
    public List<IdentityBlock> identities() {
        return identities;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList x = bottleneck.forward(store, inputs, training, params);
        for (IdentityBlock identity : identities) {
            x = identity.forward(store, x, training, params);
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return bottleneck.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        bottleneck.initialize(manager, dataType, inputShapes);
        Shape[] shape = bottleneck.getOutputShapes(inputShapes);
        for (IdentityBlock identity : identities) {
            identity.initialize(manager, dataType, shape);
        }
    }
}

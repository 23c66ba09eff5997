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

/**
 * Concurrent spatial and channel squeeze-and-excitation (scSE):
 * {@code x * sigmoid(excite(squeeze(gap(x)))) + x * sigmoid(spatial(x))} where squeeze is CBR 1x1
 * C->C/2, excite CB 1x1 C/2->C and spatial CB 1x1 C->1.
 */
public final class ScSe extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int channels;
    private final ConvBn squeeze;
    private final ConvBn excite;
    private final ConvBn spatial;

    /** scSE on {@code channels} channels; the squeeze has max(1, channels / 2) channels. */
    public ScSe(int channels) {
        super(VERSION);
        this.channels = channels;
        int reduced = Math.max(1, channels / 2);
        this.squeeze = addChildBlock("squeeze", new ConvBn(ConvSpec.pointwise(channels, reduced), true));
        this.excite = addChildBlock("excite", new ConvBn(ConvSpec.pointwise(reduced, channels), false));
        this.spatial = addChildBlock("spatial", new ConvBn(ConvSpec.pointwise(channels, 1), false));
    }

    /** Input and output channels. */
    public int channels() {
        return channels;
    }

    /** CBR 1x1 C->C/2 on the globally pooled input. */
    public ConvBn squeeze() {
        return squeeze;
    }

    /** CB 1x1 C/2->C giving the channel gate logits. */
    public ConvBn excite() {
        return excite;
    }

    /** CB 1x1 C->1 giving the spatial gate logits. */
    public ConvBn spatial() {
        return spatial;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        // PyTorch's DJL mean takes one axis at a time.
        NDArray pooled = x.mean(new int[] {3}, true).mean(new int[] {2}, true);
        NDArray channelGate = excite.forward(store,
                squeeze.forward(store, new NDList(pooled), training, params), training, params)
                .singletonOrThrow();
        NDArray spatialGate = spatial.forward(store, inputs, training, params).singletonOrThrow();
        return new NDList(x.mul(Activation.sigmoid(channelGate)).add(x.mul(Activation.sigmoid(spatialGate))));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        if (in.get(1) != channels) {
            throw new IllegalArgumentException("ScSe(" + channels + "): input has " + in.get(1)
                    + " channels (input shape " + in + ")");
        }
        Shape pooled = new Shape(in.get(0), channels, 1, 1);
        squeeze.initialize(manager, dataType, pooled);
        excite.initialize(manager, dataType, squeeze.getOutputShapes(new Shape[] {pooled}));
        spatial.initialize(manager, dataType, in);
    }
}

package org.tgssalt.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PyTorch's Dropout2d: in training, zeroes whole channels of an NCHW map with probability
 * {@code rate} and scales the kept ones by 1 / (1 - rate); identity in evaluation. DJL's
 * {@code Dropout} drops single elements, which is a different regulariser.
 */
public final class ChannelDropout extends AbstractBlock {
    private static final byte VERSION = 1;

    private final float rate;

    /** Dropout of whole channels with probability {@code rate} in [0, 1). */
    public ChannelDropout(float rate) {
        super(VERSION);
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
    }

    /** The probability of dropping a channel. */
    public float rate() {
        return rate;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!training || rate == 0f) {
            return inputs;
        }
        Shape shape = x.getShape();
        // Drawn in float32 whatever x's type, so that a float64 replica of the network sees the same mask.
        NDArray keep = x.getManager()
                .randomUniform(0f, 1f, new Shape(shape.get(0), shape.get(1), 1, 1), DataType.FLOAT32, x.getDevice())
                .gte(rate)
                .toType(x.getDataType(), false)
                .div(1f - rate);
        return new NDList(x.mul(keep));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}

package org.tgssalt.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.Optional;

/**
 * One decoder step: upsample the low-resolution input to the skip connection's size (bilinear,
 * align_corners=True), concat [skip, upsampled], a residual stage R(3, in, mid, out), add the
 * guided-upsampling map when one is given, then scSE when enabled.
 *
 * <p>Forward input: NDList(skip, low) or NDList(skip, low, guide); {@code in} must equal the
 * skip's plus the low input's channels.
 */
public final class DecoderStage extends AbstractBlock {
    private static final byte VERSION = 1;
    private static final int BLOCKS = 3;

    private final int in;
    private final int mid;
    private final int out;
    private final ResidualStage residual;
    private final ScSe scse;

    /** A decoder stage; {@code scse} adds an scSE(out) at the end. */
    public DecoderStage(int in, int mid, int out, boolean scse) {
        super(VERSION);
        this.in = in;
        this.mid = mid;
        this.out = out;
        this.residual = addChildBlock("residual", new ResidualStage(BLOCKS, in, mid, out, 1, 1));
        this.scse = scse ? addChildBlock("scse", new ScSe(out)) : null;
    }

    /** Channels after the concat. */
    public int in() {
        return in;
    }

    /** Bottleneck channels of the residual stage. */
    public int mid() {
        return mid;
    }

    /** Output channels. */
    public int out() {
        return out;
    }

    /** The residual stage R(3, in, mid, out, stride 1, dilation 1). */
    public ResidualStage residual() {
        return residual;
    }

    /** The closing scSE, when enabled. */
    public Optional<ScSe> scse() {
        return Optional.ofNullable(scse);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray skip = inputs.get(0);
        NDArray low = inputs.get(1);
        NDArray up = BilinearResize.resize(low, Math.toIntExact(skip.getShape().get(2)),
                Math.toIntExact(skip.getShape().get(3)));
        NDArray x = residual.forward(store, new NDList(skip.concat(up, 1)), training, params).singletonOrThrow();
        if (inputs.size() > 2) {
            x = x.add(inputs.get(2));
        }
        NDList result = new NDList(x);
        return scse == null ? result : scse.forward(store, result, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape skip = inputShapes[0];
        return new Shape[] {new Shape(skip.get(0), out, skip.get(2), skip.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape skip = inputShapes[0];
        Shape low = inputShapes[1];
        if (skip.get(1) + low.get(1) != in) {
            throw new IllegalArgumentException("DecoderStage(" + in + "): skip " + skip + " and low " + low
                    + " concatenate to " + (skip.get(1) + low.get(1)) + " channels");
        }
        Shape concat = new Shape(skip.get(0), in, skip.get(2), skip.get(3));
        residual.initialize(manager, dataType, concat);
        if (scse != null) {
            scse.initialize(manager, dataType, getOutputShapes(inputShapes));
        }
    }
}

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
 * Guided upsampling module (GUM) with its output CBR: upsamples the low-resolution map p to the
 * size of the high-resolution guide x0 by sampling p at learned per-pixel offsets.
 *
 * <pre>
 * u = bilinear(p -> size of x0)
 * h = ReLU(guide(x0) + context(u))                 guide: CB 1x1 high->low, context: CB 3x3 dil 2 low->low
 * offset = offset3(offset2(offset1(h)))            CBR 3x3 low->o1, CBR 3x3 o1->o2, CB 3x3 o2->2; [N,2,H,W] in pixels
 * g = gridSample(p, baseGrid + offset / ((W-1)/2, (H-1)/2))   channel 0 = x, 1 = y
 * out = output(g)                                  CBR 1x1 low->out
 * </pre>
 * With zero offsets g equals the bilinear upsample u. The forward pass applies output's 1x1
 * convolution before the sampling (they commute exactly), then its batch norm and ReLU.
 */
public final class GuidedUpsampling extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int lowChannels;
    private final int highChannels;
    private final int outChannels;
    private final ConvBn guide;
    private final ConvBn context;
    private final ConvBn offset1;
    private final ConvBn offset2;
    private final ConvBn offset3;
    private final ConvBn output;

    /** A GUM whose offset branch narrows low -> max(1, low/2) -> max(1, low/4) -> 2. */
    public GuidedUpsampling(int lowChannels, int highChannels, int outChannels) {
        this(lowChannels, highChannels, outChannels, Math.max(1, lowChannels / 2), Math.max(1, lowChannels / 4));
    }

    /**
     * A GUM: {@code lowChannels} channels in p, {@code highChannels} in x0, {@code outChannels}
     * after the output CBR; the offset branch has {@code offsetChannels1} then
     * {@code offsetChannels2} channels.
     */
    public GuidedUpsampling(int lowChannels, int highChannels, int outChannels, int offsetChannels1,
            int offsetChannels2) {
        super(VERSION);
        this.lowChannels = lowChannels;
        this.highChannels = highChannels;
        this.outChannels = outChannels;
        this.guide = addChildBlock("guide", new ConvBn(ConvSpec.pointwise(highChannels, lowChannels), false));
        this.context = addChildBlock("context", new ConvBn(ConvSpec.threeByThree(lowChannels, lowChannels, 1, 2),
                false));
        this.offset1 = addChildBlock("offset1", new ConvBn(ConvSpec.threeByThree(lowChannels, offsetChannels1, 1, 1),
                true));
        this.offset2 = addChildBlock("offset2", new ConvBn(ConvSpec.threeByThree(offsetChannels1, offsetChannels2, 1,
                1), true));
        this.offset3 = addChildBlock("offset3", new ConvBn(ConvSpec.threeByThree(offsetChannels2, 2, 1, 1), false));
        this.output = addChildBlock("output", new ConvBn(ConvSpec.pointwise(lowChannels, outChannels), true));
    }

    /** Channels of the low-resolution input p. */
    public int lowChannels() {
        return lowChannels;
    }

    /** Channels of the high-resolution guide x0. */
    public int highChannels() {
        return highChannels;
    }

    /** Output channels. */
    public int outChannels() {
        return outChannels;
    }

    /** CB 1x1 on x0, high->low. */
    public ConvBn guide() {
        return guide;
    }

    /** CB 3x3 dilation 2 on the upsampled p, low->low. */
    public ConvBn context() {
        return context;
    }

    /** First CBR 3x3 of the offset branch. */
    public ConvBn offset1() {
        return offset1;
    }

    /** Second CBR 3x3 of the offset branch. */
    public ConvBn offset2() {
        return offset2;
    }

    /** Final CB 3x3 of the offset branch, giving (dx, dy) in pixels of x0. */
    public ConvBn offset3() {
        return offset3;
    }

    /** CBR 1x1 on the sampled map, low->out. */
    public ConvBn output() {
        return output;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x0 = inputs.get(0);
        NDArray p = inputs.get(1);
        int height = Math.toIntExact(x0.getShape().get(2));
        int width = Math.toIntExact(x0.getShape().get(3));
        NDArray u = BilinearResize.resize(p, height, width);
        NDArray h = Activation.relu(guide.forward(store, new NDList(x0), training, params).singletonOrThrow()
                .add(context.forward(store, new NDList(u), training, params).singletonOrThrow()));
        NDList offset = offset3.forward(store, offset2.forward(store,
                offset1.forward(store, new NDList(h), training, params), training, params), training, params);
        NDArray grid = samplingGrid(offset.singletonOrThrow());
        // output(sample(p)) computed as BN+ReLU(sample(conv(p))): the 1x1 convolution and the sampling
        // are both linear and act on different axes, so they commute exactly, and sampling the
        // narrow map moves 8x fewer values at the reference width. Batch norm sees the same tensor.
        NDList narrowed = output.conv().forward(store, new NDList(p), training, params);
        NDArray sampled = GridSampler.sample(narrowed.singletonOrThrow(), grid);
        NDArray normalised = output.batchNorm().forward(store, new NDList(sampled), training, params)
                .singletonOrThrow();
        return new NDList(Activation.relu(normalised));
    }

    /** Base grid plus the pixel offsets [N,2,H,W] converted to normalised units, [N,H,W,2]. */
    static NDArray samplingGrid(NDArray offsetPixels) {
        Shape s = offsetPixels.getShape();
        int height = Math.toIntExact(s.get(2));
        int width = Math.toIntExact(s.get(3));
        NDManager manager = offsetPixels.getManager();
        DataType type = offsetPixels.getDataType();
        float[] pixelsPerUnit = {Math.max(1, width - 1) / 2f, Math.max(1, height - 1) / 2f};
        NDArray scale = manager.create(pixelsPerUnit).toDevice(offsetPixels.getDevice(), false).toType(type, false);
        NDArray normalised = offsetPixels.transpose(0, 2, 3, 1).div(scale);
        return GridSampler.baseGrid(manager, s.get(0), height, width, type)
                .toDevice(offsetPixels.getDevice(), false)
                .add(normalised);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x0 = inputShapes[0];
        return new Shape[] {new Shape(x0.get(0), outChannels, x0.get(2), x0.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x0 = inputShapes[0];
        Shape high = new Shape(x0.get(0), lowChannels, x0.get(2), x0.get(3));
        guide.initialize(manager, dataType, x0);
        context.initialize(manager, dataType, high);
        offset1.initialize(manager, dataType, high);
        Shape[] o1 = offset1.getOutputShapes(new Shape[] {high});
        offset2.initialize(manager, dataType, o1);
        offset3.initialize(manager, dataType, offset2.getOutputShapes(o1));
        output.initialize(manager, dataType, high);
    }
}

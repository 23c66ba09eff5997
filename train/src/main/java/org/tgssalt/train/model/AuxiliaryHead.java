package org.tgssalt.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * Deep-supervision head used only in training: CBR 3x3 in->mid, Dropout2d(0.1), conv 1x1
 * mid->classes with bias, bilinear upsample (align_corners=True) to outSize x outSize.
 */
public final class AuxiliaryHead extends AbstractBlock {
    private static final byte VERSION = 1;
    private static final float DROPOUT = 0.1f;

    private final int in;
    private final int mid;
    private final int classes;
    private final int outSize;
    private final ConvBn conv;
    private final ChannelDropout dropout;
    private final Conv2d classifier;

    /** An auxiliary head producing {@code classes} logit maps of side {@code outSize}. */
    public AuxiliaryHead(int in, int mid, int classes, int outSize) {
        super(VERSION);
        this.in = in;
        this.mid = mid;
        this.classes = classes;
        this.outSize = outSize;
        this.conv = addChildBlock("conv", new ConvBn(ConvSpec.threeByThree(in, mid, 1, 1), true));
        this.dropout = addChildBlock("dropout", new ChannelDropout(DROPOUT));
        this.classifier = addChildBlock("classifier", biasedPointwise(mid, classes));
    }

    /**
     * A 1x1 convolution with bias, initialised like PyTorch's default: weight and bias uniform in
     * +-1/sqrt(fan_in).
     */
    static Conv2d biasedPointwise(int in, int out) {
        Conv2d conv = Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(out).optBias(true).build();
        conv.setInitializer(ConvBn.pyTorchDefaultWeights(), Parameter.Type.WEIGHT);
        conv.setInitializer(new UniformInitializer((float) (1.0 / Math.sqrt(in))), Parameter.Type.BIAS);
        return conv;
    }

    /** Input channels. */
    public int in() {
        return in;
    }

    /** Channels of the hidden CBR. */
    public int mid() {
        return mid;
    }

    /** Number of classes (output maps). */
    public int classes() {
        return classes;
    }

    /** Side of the upsampled output. */
    public int outSize() {
        return outSize;
    }

    /** CBR 3x3 in->mid. */
    public ConvBn conv() {
        return conv;
    }

    /** Dropout2d before the classifier (training only). */
    public ChannelDropout dropout() {
        return dropout;
    }

    /** Conv 1x1 mid->classes with bias. */
    public Conv2d classifier() {
        return classifier;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList hidden = dropout.forward(store, conv.forward(store, inputs, training, params), training, params);
        NDArray logits = classifier.forward(store, hidden, training, params).singletonOrThrow();
        return new NDList(BilinearResize.resize(logits, outSize, outSize));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes, outSize, outSize)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        Shape[] hidden = conv.getOutputShapes(inputShapes);
        dropout.initialize(manager, dataType, hidden);
        classifier.initialize(manager, dataType, hidden);
    }
}

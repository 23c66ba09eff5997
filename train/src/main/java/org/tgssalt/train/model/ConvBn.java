package org.tgssalt.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

/**
 * Convolution without bias, batch normalisation and optionally ReLU ("CBR" / "CB" in the
 * reference description). Weights start like PyTorch's default: uniform in
 * +-1/sqrt(fan_in), i.e. kaiming-uniform with a = sqrt(5).
 */
public final class ConvBn extends AbstractBlock {
    private static final byte VERSION = 1;

    private final ConvSpec spec;
    private final boolean relu;
    private final Conv2d conv;
    private final BatchNorm batchNorm;

    /** A convolution with the given geometry, batch norm, and ReLU when {@code relu}. */
    public ConvBn(ConvSpec spec, boolean relu) {
        super(VERSION);
        this.spec = spec;
        this.relu = relu;
        this.conv = addChildBlock("conv", Conv2d.builder()
                .setKernelShape(new Shape(spec.kernel(), spec.kernel()))
                .setFilters(spec.out())
                .optStride(new Shape(spec.stride(), spec.stride()))
                .optPadding(new Shape(spec.padding(), spec.padding()))
                .optDilation(new Shape(spec.dilation(), spec.dilation()))
                .optBias(false)
                .build());
        conv.setInitializer(pyTorchDefaultWeights(), Parameter.Type.WEIGHT);
        // DJL's defaults equal PyTorch's: momentum 0.9 here is torch's 0.1, epsilon 1e-5.
        this.batchNorm = addChildBlock("batchNorm", BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build());
    }

    /** PyTorch's default convolution weight initialisation: uniform in +-1/sqrt(fan_in). */
    static XavierInitializer pyTorchDefaultWeights() {
        return new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1f);
    }

    /** The convolution geometry. */
    public ConvSpec spec() {
        return spec;
    }

    /** Whether a ReLU follows the batch norm. */
    public boolean relu() {
        return relu;
    }

    /** The convolution (weight only, no bias). */
    public Conv2d conv() {
        return conv;
    }

    /** The batch normalisation (gamma, beta, running mean and variance). */
    public BatchNorm batchNorm() {
        return batchNorm;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList convolved = conv.forward(store, inputs, training, params);
        NDList normalised = batchNorm.forward(store, convolved, training, params);
        if (!relu) {
            return normalised;
        }
        NDArray activated = Activation.relu(normalised.singletonOrThrow());
        return new NDList(activated);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), spec.out(), spec.outputSize(in.get(2)), spec.outputSize(in.get(3)))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        if (in.get(1) != spec.in()) {
            throw new IllegalArgumentException("ConvBn " + spec + ": input has " + in.get(1) + " channels, expected "
                    + spec.in() + " (input shape " + in + ")");
        }
        conv.initialize(manager, dataType, in);
        batchNorm.initialize(manager, dataType, getOutputShapes(inputShapes));
    }
}

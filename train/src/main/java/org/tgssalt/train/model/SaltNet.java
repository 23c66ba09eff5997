package org.tgssalt.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.Optional;
import org.tgssalt.geometry.SymmetricPadding;

/**
 * The reference TGS Salt network (residual encoder with scSE, dilated stages, pyramid pooling,
 * residual decoder with scSE, guided upsampling, auxiliary head) of the 15th-place solution of Kaggle's TGS Salt
 * Identification Challenge (adam9500370/Kaggle-TGS), described layer by layer in {@code docs/REFERENCE.md}.
 * Widths scale with {@link SaltNetConfig#widthFactor()}.
 *
 * <p>Forward input: NDList([N, 1, S, S] normalised image), S = {@link #inputSize()} (129).
 * Evaluation ({@code training=false}) returns NDList(salt probability [N, 1, S, S]) (softmax
 * over the classes, channel 1). Training returns NDList(logits [N, classes, S, S], auxiliary
 * logits [N, classes, S, S]), the second only when the auxiliary head exists. A training forward
 * updates the batch-norm running statistics.
 *
 * <p>Child order keeps parameter names stable as the model grows like the reference did: the
 * always-present modules first, then the auxiliary head, the scSE modules, and the GUM.
 *
 * <pre>{@code
 * SaltNet net = new SaltNet(SaltNetConfig.reference());
 * net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 129, 129));
 * NDArray probability = net.forward(new ParameterStore(manager, false), new NDList(image), false)
 *         .singletonOrThrow();
 * }</pre>
 */
public final class SaltNet extends AbstractBlock {
    /** Side of the padded network input. */
    public static final int INPUT_SIZE = SymmetricPadding.PADDED_SIZE;
    private static final byte VERSION = 1;
    private static final int[] PYRAMID_BINS = {6, 3, 2, 1};
    private static final int STAGE_BLOCKS = 3;

    private final SaltNetConfig config;
    private final int inputSize;
    private final ConvBn stem;
    private final ResidualStage enc1;
    private final ResidualStage enc2;
    private final ResidualStage enc3;
    private final ResidualStage enc4;
    private final ResidualStage enc5;
    private final PyramidPooling pyramid;
    private final ConvBn bridge;
    private final DecoderStage dec1;
    private final DecoderStage dec2;
    private final DecoderStage dec3;
    private final ChannelDropout dropout;
    private final Conv2d classifier;
    private final AuxiliaryHead auxiliary;
    private final ScSe enc1Scse;
    private final ScSe enc2Scse;
    private final ScSe enc3Scse;
    private final ScSe bridgeScse;
    private final GuidedUpsampling gum;

    /** The network for 129 x 129 inputs. */
    public SaltNet(SaltNetConfig config) {
        this(config, INPUT_SIZE);
    }

    /** The network for {@code inputSize} x {@code inputSize} inputs (129 in the reference). */
    public SaltNet(SaltNetConfig config, int inputSize) {
        super(VERSION);
        this.config = config;
        this.inputSize = inputSize;
        int c0 = config.channels(16);
        int c1 = config.channels(32);
        int c2 = config.channels(64);
        int c3 = config.channels(128);
        ConvSpec downsampling = ConvSpec.threeByThree(1, 1, 2, 1);
        long bottom = downsampling.outputSize(downsampling.outputSize(downsampling.outputSize(inputSize)));
        boolean scse = config.useScse();

        this.stem = addChildBlock("stem", new ConvBn(ConvSpec.threeByThree(1, c0, 1, 1), true));
        this.enc1 = addChildBlock("enc1", new ResidualStage(STAGE_BLOCKS, c0, config.channels(8), c1, 2, 1));
        this.enc2 = addChildBlock("enc2", new ResidualStage(STAGE_BLOCKS, c1, config.channels(16), c2, 2, 1));
        this.enc3 = addChildBlock("enc3", new ResidualStage(STAGE_BLOCKS, c2, config.channels(32), c3, 2, 1));
        this.enc4 = addChildBlock("enc4", new ResidualStage(STAGE_BLOCKS, c3, config.channels(32), c3, 1, 2));
        this.enc5 = addChildBlock("enc5", new ResidualStage(STAGE_BLOCKS, c3, config.channels(32), c3, 1, 4));
        this.pyramid = addChildBlock("pyramid", new PyramidPooling(c3, config.channels(32), PYRAMID_BINS,
                Math.toIntExact(bottom)));
        this.bridge = addChildBlock("bridge", new ConvBn(ConvSpec.threeByThree(pyramid.out(), c2, 1, 1), true));
        this.dec1 = addChildBlock("dec1", new DecoderStage(c2 + c2, config.channels(16), c1, scse));
        this.dec2 = addChildBlock("dec2", new DecoderStage(c1 + c1, config.channels(8), c0, scse));
        this.dec3 = addChildBlock("dec3", new DecoderStage(c0 + c0, config.channels(4), config.channels(8), scse));
        this.dropout = addChildBlock("dropout", new ChannelDropout(0.1f));
        this.classifier = addChildBlock("classifier", AuxiliaryHead.biasedPointwise(config.channels(8),
                config.classes()));
        this.auxiliary = config.useAuxiliary()
                ? addChildBlock("auxiliary", new AuxiliaryHead(c3, config.channels(8), config.classes(), inputSize))
                : null;
        this.enc1Scse = scse ? addChildBlock("enc1Scse", new ScSe(c1)) : null;
        this.enc2Scse = scse ? addChildBlock("enc2Scse", new ScSe(c2)) : null;
        this.enc3Scse = scse ? addChildBlock("enc3Scse", new ScSe(c3)) : null;
        this.bridgeScse = scse ? addChildBlock("bridgeScse", new ScSe(c2)) : null;
        this.gum = config.useGum()
                ? addChildBlock("gum", new GuidedUpsampling(c2, c0, config.channels(8), c1, c0))
                : null;
    }

    /** The architecture settings. */
    public SaltNetConfig config() {
        return config;
    }

    /** Side of the square input this network is laid out for. */
    public int inputSize() {
        return inputSize;
    }

    /** CBR 3x3 1 -> c(16): x0. */
    public ConvBn stem() {
        return stem;
    }

    /** R(3, c16, c8, c32, stride 2): x1 before scSE. */
    public ResidualStage enc1() {
        return enc1;
    }

    /** R(3, c32, c16, c64, stride 2): x2 before scSE. */
    public ResidualStage enc2() {
        return enc2;
    }

    /** R(3, c64, c32, c128, stride 2): x3 before scSE. */
    public ResidualStage enc3() {
        return enc3;
    }

    /** R(3, c128, c32, c128, dilation 2). */
    public ResidualStage enc4() {
        return enc4;
    }

    /** R(3, c128, c32, c128, dilation 4). */
    public ResidualStage enc5() {
        return enc5;
    }

    /** scSE after enc1, when enabled. */
    public Optional<ScSe> enc1Scse() {
        return Optional.ofNullable(enc1Scse);
    }

    /** scSE after enc2, when enabled. */
    public Optional<ScSe> enc2Scse() {
        return Optional.ofNullable(enc2Scse);
    }

    /** scSE after enc3, when enabled. */
    public Optional<ScSe> enc3Scse() {
        return Optional.ofNullable(enc3Scse);
    }

    /** Pyramid pooling on the enc5 output (bins 6, 3, 2, 1), c128 -> c128 + 4 * c32 channels. */
    public PyramidPooling pyramid() {
        return pyramid;
    }

    /** CBR 3x3 after pyramid pooling, -> c64: the map p used by the GUM and the decoder. */
    public ConvBn bridge() {
        return bridge;
    }

    /** scSE on p before the first decoder stage (p2), when enabled. */
    public Optional<ScSe> bridgeScse() {
        return Optional.ofNullable(bridgeScse);
    }

    /** Guided upsampling of p guided by x0, including its output CBR 1x1 -> c8, when enabled. */
    public Optional<GuidedUpsampling> gum() {
        return Optional.ofNullable(gum);
    }

    /** Decoder stage at x2's size: [x2, p2] -> c32. */
    public DecoderStage dec1() {
        return dec1;
    }

    /** Decoder stage at x1's size: [x1, dec1] -> c16. */
    public DecoderStage dec2() {
        return dec2;
    }

    /** Decoder stage at x0's size: [x0, dec2] -> c8, plus the GUM output before its scSE. */
    public DecoderStage dec3() {
        return dec3;
    }

    /** Dropout2d(0.1) before the classifier (training only). */
    public ChannelDropout dropout() {
        return dropout;
    }

    /** Conv 1x1 c8 -> classes with bias: the logits. */
    public Conv2d classifier() {
        return classifier;
    }

    /** The training-only auxiliary head on x3, when enabled. */
    public Optional<AuxiliaryHead> auxiliary() {
        return Optional.ofNullable(auxiliary);
    }

    /** Parameters of the GUM and its output CBR (trained at a tenth of the learning rate); empty without GUM. */
    public ParameterList guidedUpsamplingParameters() {
        return gum == null ? new ParameterList() : gum.getParameters();
    }

    /**
     * Number of trainable scalars (parameters that require gradients; batch-norm running
     * statistics excluded). Needs an initialised network.
     */
    public long trainableParameterCount() {
        if (!isInitialized()) {
            throw new IllegalStateException("initialize the network before counting its parameters");
        }
        long count = 0;
        for (Parameter parameter : getParameters().values()) {
            if (parameter.requiresGradient()) {
                count += parameter.getArray().getShape().size();
            }
        }
        return count;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList x0 = stem.forward(store, inputs, training, params);
        NDList x1 = optional(enc1Scse, enc1.forward(store, x0, training, params), store, training, params);
        NDList x2 = optional(enc2Scse, enc2.forward(store, x1, training, params), store, training, params);
        NDList x3 = optional(enc3Scse, enc3.forward(store, x2, training, params), store, training, params);
        NDList deep = enc5.forward(store, enc4.forward(store, x3, training, params), training, params);
        NDList p = bridge.forward(store, pyramid.forward(store, deep, training, params), training, params);
        NDList p2 = optional(bridgeScse, p, store, training, params);
        NDList d1 = dec1.forward(store, new NDList(x2.singletonOrThrow(), p2.singletonOrThrow()), training, params);
        NDList d2 = dec2.forward(store, new NDList(x1.singletonOrThrow(), d1.singletonOrThrow()), training, params);
        NDList d3Inputs = new NDList(x0.singletonOrThrow(), d2.singletonOrThrow());
        if (gum != null) {
            d3Inputs.add(gum.forward(store, new NDList(x0.singletonOrThrow(), p.singletonOrThrow()), training, params)
                    .singletonOrThrow());
        }
        NDList d3 = dec3.forward(store, d3Inputs, training, params);
        NDArray logits = classifier.forward(store, dropout.forward(store, d3, training, params), training, params)
                .singletonOrThrow();
        if (!training) {
            return new NDList(logits.softmax(1).get(":, 1:2"));
        }
        NDList outputs = new NDList(logits);
        if (auxiliary != null) {
            outputs.add(auxiliary.forward(store, x3, training, params).singletonOrThrow());
        }
        return outputs;
    }

    private static NDList optional(Block block, NDList x, ParameterStore store, boolean training,
            PairList<String, Object> params) {
        return block == null ? x : block.forward(store, x, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), 1, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x0 = initialize(stem, manager, dataType, inputShapes[0]);
        Shape x1 = initialize(enc1, manager, dataType, x0);
        Shape x2 = initialize(enc2, manager, dataType, x1);
        Shape x3 = initialize(enc3, manager, dataType, x2);
        Shape deep = initialize(enc5, manager, dataType, initialize(enc4, manager, dataType, x3));
        Shape p = initialize(bridge, manager, dataType, initialize(pyramid, manager, dataType, deep));
        Shape d1 = initialize(dec1, manager, dataType, x2, p);
        Shape d2 = initialize(dec2, manager, dataType, x1, d1);
        Shape d3 = initialize(dec3, manager, dataType, x0, d2);
        initialize(classifier, manager, dataType, initialize(dropout, manager, dataType, d3));
        if (auxiliary != null) {
            initialize(auxiliary, manager, dataType, x3);
        }
        for (ScSe scse : new ScSe[] {enc1Scse, enc2Scse, enc3Scse, bridgeScse}) {
            if (scse != null) {
                initialize(scse, manager, dataType, scse == enc1Scse ? x1 : scse == enc2Scse ? x2
                        : scse == enc3Scse ? x3 : p);
            }
        }
        if (gum != null) {
            initialize(gum, manager, dataType, x0, p);
        }
    }

    /** Initialises {@code block} for the given input shapes and returns its (first) output shape. */
    private static Shape initialize(Block block, NDManager manager, DataType dataType, Shape... inputs) {
        block.initialize(manager, dataType, inputs);
        return block.getOutputShapes(inputs)[0];
    }
}

package org.tgssalt.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tgssalt.InputException;

/**
 * The first three blocks of VGG19 (torchvision's {@code vgg19().features[0:17]}), frozen: conv1_1,
 * conv1_2, max pool, conv2_1, conv2_2, max pool, conv3_1 .. conv3_4, every conv 3x3 with padding 1
 * followed by ReLU, every pool 2x2 stride 2. {@link #features} returns the outputs of conv1_2,
 * conv2_2 and conv3_4 <em>before</em> their ReLU, as the topology-aware loss uses them.
 *
 * <p>Owns its weights in a sub-manager of the manager it was created with (so they live on that
 * manager's device) and frees them on {@link #close()}. The weights never require gradients;
 * gradients flow through the features to the input only. Safe to share between threads after
 * construction; not after close.
 */
public final class Vgg19Features implements AutoCloseable {

    /** One 3x3 convolution of the truncated network. */
    public record ConvLayer(String name, int featureIndex, int inChannels, int outChannels) {

        /** torchvision's state-dict name of the weight, e.g. {@code features.0.weight}. */
        public String weightName() {
            return "features." + featureIndex + ".weight";
        }

        /** torchvision's state-dict name of the bias, e.g. {@code features.0.bias}. */
        public String biasName() {
            return "features." + featureIndex + ".bias";
        }

        /** The weight shape {@code [out, in, 3, 3]}. */
        public Shape weightShape() {
            return new Shape(outChannels, inChannels, 3, 3);
        }

        /** The bias shape {@code [out]}. */
        public Shape biasShape() {
            return new Shape(outChannels);
        }
    }

    /** The eight convolutions in order, with their torchvision indices in {@code features}. */
    public static final List<ConvLayer> LAYERS = List.of(
            new ConvLayer("conv1_1", 0, 3, 64),
            new ConvLayer("conv1_2", 2, 64, 64),
            new ConvLayer("conv2_1", 5, 64, 128),
            new ConvLayer("conv2_2", 7, 128, 128),
            new ConvLayer("conv3_1", 10, 128, 256),
            new ConvLayer("conv3_2", 12, 256, 256),
            new ConvLayer("conv3_3", 14, 256, 256),
            new ConvLayer("conv3_4", 16, 256, 256));

    private static final Shape ONE = new Shape(1, 1);
    private static final Shape TWO = new Shape(2, 2);
    private static final Shape NO_PADDING = new Shape(0, 0);

    private final NDManager manager;
    private final List<NDArray> weights;
    private final List<NDArray> biases;

    private Vgg19Features(NDManager manager, List<NDArray> weights, List<NDArray> biases) {
        this.manager = manager;
        this.weights = weights;
        this.biases = biases;
    }

    /**
     * Builds the network from named tensors, copying them into its own memory (the caller keeps
     * ownership of {@code tensors}).
     *
     * @param parent manager whose device the weights live on
     * @param tensors torchvision state-dict names ({@link ConvLayer#weightName()}, ...) to tensors
     * @param source where the tensors came from, for messages
     * @throws InputException naming {@code source} when a tensor is missing or has the
     *     wrong shape
     */
    public static Vgg19Features fromTensors(
            NDManager parent, Map<String, NDArray> tensors, String source) {
        return fromTensors(parent, tensors, source, DataType.FLOAT32);
    }

    /** As {@link #fromTensors(NDManager, Map, String)}, weights held in {@code type}. */
    static Vgg19Features fromTensors(
            NDManager parent, Map<String, NDArray> tensors, String source, DataType type) {
        for (ConvLayer layer : LAYERS) {
            checkTensor(tensors, layer.weightName(), layer.weightShape(), layer, source);
            checkTensor(tensors, layer.biasName(), layer.biasShape(), layer, source);
        }
        NDManager manager = parent.newSubManager();
        try {
            List<NDArray> weights = new ArrayList<>();
            List<NDArray> biases = new ArrayList<>();
            for (ConvLayer layer : LAYERS) {
                weights.add(copy(tensors.get(layer.weightName()), manager, type));
                biases.add(copy(tensors.get(layer.biasName()), manager, type));
            }
            return new Vgg19Features(manager, List.copyOf(weights), List.copyOf(biases));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Builds the network with seeded random weights (He-normal, zero bias): for tests and timing,
     * not for training, where the loss needs ImageNet weights to mean anything.
     *
     * @param parent manager whose device the weights live on
     * @param seed random seed; the same seed gives the same weights
     */
    public static Vgg19Features random(NDManager parent, long seed) {
        Random random = new Random(seed);
        NDManager manager = parent.newSubManager();
        try {
            List<NDArray> weights = new ArrayList<>();
            List<NDArray> biases = new ArrayList<>();
            for (ConvLayer layer : LAYERS) {
                Shape shape = layer.weightShape();
                float[] values = new float[Math.toIntExact(shape.size())];
                double std = Math.sqrt(2.0 / (layer.inChannels() * 9));
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextGaussian() * std);
                }
                weights.add(manager.create(values, shape));
                biases.add(manager.zeros(layer.biasShape(), DataType.FLOAT32));
            }
            return new Vgg19Features(manager, List.copyOf(weights), List.copyOf(biases));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Runs the truncated network.
     *
     * @param input {@code [N,3,H,W]} float32, on the weights' device
     * @return the pre-ReLU outputs of conv1_2 {@code [N,64,H,W]}, conv2_2 {@code [N,128,H/2,W/2]}
     *     and conv3_4 {@code [N,256,H/4,W/4]} (floor division), attached like results of ops on
     *     {@code input}
     */
    public NDList features(NDArray input) {
        Shape shape = input.getShape();
        if (shape.dimension() != 4 || shape.get(1) != 3) {
            throw new IllegalArgumentException("VGG19 input must be [N,3,H,W], got " + shape);
        }
        NDArray conv12 = conv(Activation.relu(conv(input, 0)), 1);
        NDArray x = pool(Activation.relu(conv12));
        NDArray conv22 = conv(Activation.relu(conv(x, 2)), 3);
        x = pool(Activation.relu(conv22));
        for (int layer = 4; layer < 7; layer++) {
            x = Activation.relu(conv(x, layer));
        }
        NDArray conv34 = conv(x, 7);
        return new NDList(conv12, conv22, conv34);
    }

    /** Frees the weights. Idempotent. */
    @Override
    public void close() {
        manager.close();
    }

    private NDArray conv(NDArray x, int layer) {
        return Conv2d.conv2d(x, weights.get(layer), biases.get(layer), ONE, ONE, ONE, 1)
                .singletonOrThrow();
    }

    private static NDArray pool(NDArray x) {
        return Pool.maxPool2d(x, TWO, TWO, NO_PADDING, false);
    }

    private static NDArray copy(NDArray tensor, NDManager manager, DataType type) {
        NDArray copied = tensor.toType(type, true);
        copied.attach(manager);
        NDArray onDevice = copied.toDevice(manager.getDevice(), false);
        if (onDevice != copied) {
            copied.close();
        }
        return onDevice;
    }

    private static void checkTensor(
            Map<String, NDArray> tensors, String name, Shape expected, ConvLayer layer,
            String source) {
        NDArray tensor = tensors.get(name);
        if (tensor == null) {
            throw new InputException(source, "missing tensor " + name + " ("
                    + layer.name() + " " + (name.endsWith("bias") ? "bias" : "weight")
                    + "); see docs/VGG19.md for how to write the file");
        }
        if (!tensor.getShape().equals(expected)) {
            throw new InputException(source, "tensor " + name + " (" + layer.name()
                    + ") has shape " + tensor.getShape() + ", expected " + expected);
        }
        if (!tensor.getDataType().isFloating()) {
            throw new InputException(source, "tensor " + name + " (" + layer.name()
                    + ") has type " + tensor.getDataType() + ", expected float32");
        }
    }
}

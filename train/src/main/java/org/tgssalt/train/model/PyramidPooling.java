package org.tgssalt.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * PSPNet pyramid pooling: for each bin count b, average pooling with stride floor(S/b) and kernel
 * S - stride * (b - 1) (no padding, so a b x b map), a CBR 1x1 in->pathChannels, and a bilinear
 * upsample (align_corners=True) back to S x S; the output is concat [input, path 1, ..., path k].
 * S is the side of the map the block sees (17 in the reference network).
 */
public final class PyramidPooling extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int in;
    private final int pathChannels;
    private final int[] bins;
    private final int inputSize;
    private final List<ConvBn> paths;

    /** Pyramid pooling over {@code bins} (e.g. {6, 3, 2, 1}) for an {@code inputSize}-sided input. */
    public PyramidPooling(int in, int pathChannels, int[] bins, int inputSize) {
        super(VERSION);
        for (int bin : bins) {
            if (bin < 1 || bin > inputSize) {
                throw new IllegalArgumentException("bin " + bin + " does not fit an input of side " + inputSize);
            }
        }
        this.in = in;
        this.pathChannels = pathChannels;
        this.bins = bins.clone();
        this.inputSize = inputSize;
        List<ConvBn> list = new ArrayList<>();
        for (int i = 0; i < bins.length; i++) {
            list.add(addChildBlock("path" + (i + 1), new ConvBn(ConvSpec.pointwise(in, pathChannels), true)));
        }
        this.paths = List.copyOf(list);
    }

    /** Input channels. */
    public int in() {
        return in;
    }

    /** Output channels of each path. */
    public int pathChannels() {
        return pathChannels;
    }

    /** Output channels: input plus all paths. */
    public int out() {
        return in + pathChannels * bins.length;
    }

    /** The bin counts, one per path, in order. */
    public int[] bins() {
        return bins.clone();
    }

    /** The side of the input map the pooling geometry is laid out for. */
    public int inputSize() {
        return inputSize;
    }

    /** The CBR 1x1 of each path, in the order of {@link #bins()}. */
    public List<ConvBn> paths() {
        return paths;
    }

    /** Pooling kernel side of path {@code i} for the configured input size. */
    public int kernel(int i) {
        return kernel(i, inputSize);
    }

    /** Pooling stride of path {@code i} for the configured input size. */
    public int stride(int i) {
        return stride(i, inputSize);
    }

    private int stride(int i, int size) {
        return size / bins[i];
    }

    private int kernel(int i, int size) {
        return size - stride(i, size) * (bins[i] - 1);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        int height = Math.toIntExact(x.getShape().get(2));
        int width = Math.toIntExact(x.getShape().get(3));
        NDList parts = new NDList(bins.length + 1);
        parts.add(x);
        for (int i = 0; i < bins.length; i++) {
            // Laid out for the actual size, which equals inputSize in the reference network.
            Shape kernel = new Shape(kernel(i, height), kernel(i, width));
            Shape stride = new Shape(stride(i, height), stride(i, width));
            NDArray pooled = Pool.avgPool2d(x, kernel, stride, new Shape(0, 0), false, true);
            NDArray path = paths.get(i).forward(store, new NDList(pooled), training, params).singletonOrThrow();
            parts.add(BilinearResize.resize(path, height, width));
        }
        return new NDList(NDArrays.concat(parts, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), out(), s.get(2), s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        for (int i = 0; i < bins.length; i++) {
            paths.get(i).initialize(manager, dataType, new Shape(s.get(0), in, bins[i], bins[i]));
        }
    }
}

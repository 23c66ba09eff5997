package org.tgssalt.export.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.opentest4j.AssertionFailedError;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.parity.FloatTensor;
import org.tgssalt.export.parity.OrtGraph;

/**
 * Test harness: emits one block into a graph whose inputs are the block's inputs, runs it in ONNX
 * Runtime and compares with the block's DJL eval forward on the same random inputs.
 * Tolerance: |onnx - djl| <= 1e-4 * max(1, |djl|) element-wise (float32 sums in another order).
 */
final class BlockParity {
    static final double TOLERANCE = 1e-4;

    private BlockParity() {
    }

    /**
     * Initialises {@code block} for {@code shapes} ([N,C,H,W] each) and gives every batch norm
     * non-trivial eval statistics (running mean, variance, gamma, beta) from {@code seed}.
     */
    static void initialise(NDManager manager, Block block, long seed, Shape... shapes) {
        block.initialize(manager, DataType.FLOAT32, shapes);
        randomiseBatchNorms(block, seed);
    }

    /** Sets explicit running statistics and affine parameters on every batch norm of {@code block}. */
    static void randomiseBatchNorms(Block block, long seed) {
        Random random = new Random(seed);
        for (Pair<String, Parameter> p : block.getParameters()) {
            String name = p.getKey();
            NDArray array = p.getValue().getArray();
            int n = Math.toIntExact(array.size());
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                if (name.endsWith("runningMean")) {
                    values[i] = (float) random.nextGaussian() * 0.5f;
                } else if (name.endsWith("runningVar")) {
                    values[i] = 0.3f + 1.7f * random.nextFloat();
                } else if (name.endsWith("gamma")) {
                    values[i] = 0.5f + random.nextFloat();
                } else if (name.endsWith("beta")) {
                    values[i] = (float) random.nextGaussian() * 0.3f;
                } else {
                    break;
                }
            }
            if (name.endsWith("runningMean") || name.endsWith("runningVar") || name.endsWith("gamma")
                    || name.endsWith("beta")) {
                array.set(values);
            }
        }
    }

    /** Random normal values of the given shape. */
    static FloatTensor random(Random random, long... shape) {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        float[] v = new float[Math.toIntExact(size)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return new FloatTensor(shape, v);
    }

    /**
     * Emits {@code block} on graph inputs shaped like {@code inputs}, runs both and asserts parity.
     *
     * @return the largest absolute difference seen
     */
    static double assertParity(NDManager manager, Block block, ExportOptions options, List<FloatTensor> inputs)
            throws Exception {
        GraphBuilder g = new GraphBuilder("block");
        List<FeatureMap> maps = new ArrayList<>();
        NDList djlInputs = new NDList();
        for (int i = 0; i < inputs.size(); i++) {
            long[] s = inputs.get(i).shape();
            String name = g.input("in" + i, GraphBuilder.BATCH, s[1], s[2], s[3]);
            maps.add(new FeatureMap(name, (int) s[1], (int) s[2], (int) s[3]));
            djlInputs.add(manager.create(inputs.get(i).values(), new Shape(s)));
        }
        Emission emission = new Emission(g, EmitterRegistry.standard(), options);
        FeatureMap out = emission.emit(block, "block", maps);
        g.output(out.name(), "out", GraphBuilder.BATCH, out.channels(), out.height(), out.width());
        NDArray expectedArray = block.forward(new ParameterStore(manager, false), djlInputs, false)
                .singletonOrThrow();
        FloatTensor expected = new FloatTensor(expectedArray.getShape().getShape(), expectedArray.toFloatArray());
        FloatTensor actual;
        try (OrtGraph graph = new OrtGraph(g.build().toByteArray(), OptLevel.ALL_OPT)) {
            actual = graph.run(inputs);
        }
        assertArrayEquals(expected.shape(), actual.shape(), "output shape");
        double max = 0;
        for (int i = 0; i < expected.values().length; i++) {
            double e = expected.values()[i];
            double d = Math.abs(e - actual.values()[i]);
            max = Math.max(max, d);
            if (!(d <= TOLERANCE * Math.max(1, Math.abs(e)))) {
                throw new AssertionFailedError("first mismatch at flat index " + i + ": DJL " + e + ", ONNX "
                        + actual.values()[i] + " (tolerance " + TOLERANCE + " x max(1,|DJL|))");
            }
        }
        return max;
    }
}

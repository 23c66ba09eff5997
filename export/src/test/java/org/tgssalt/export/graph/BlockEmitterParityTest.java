package org.tgssalt.export.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.parity.FloatTensor;
import org.tgssalt.export.parity.OrtGraph;
import org.tgssalt.train.model.BilinearResize;
import org.tgssalt.train.model.BottleneckBlock;
import org.tgssalt.train.model.ConvBn;
import org.tgssalt.train.model.ConvSpec;
import org.tgssalt.train.model.DecoderStage;
import org.tgssalt.train.model.GuidedUpsampling;
import org.tgssalt.train.model.IdentityBlock;
import org.tgssalt.train.model.PyramidPooling;
import org.tgssalt.train.model.ResidualStage;
import org.tgssalt.train.model.ScSe;
import org.tgssalt.train.testing.NDManagerExtension;

/**
 * Each block type's ONNX emission against its own DJL eval forward: same weights, random inputs,
 * batch norms with explicit non-trivial running statistics. Covers stride, dilation, odd sizes
 * (129 -> 65 -> 33 -> 17 and the pooling/resizes on 17) and align-corners bilinear resizing.
 */
@ExtendWith(NDManagerExtension.class)
class BlockEmitterParityTest {
    private static final ExportOptions FOLDED = new ExportOptions(true);
    private static final ExportOptions UNFOLDED = new ExportOptions(false);

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void convBnWithStrideDilationAndOddSizes(boolean fold, NDManager m) throws Exception {
        ExportOptions options = new ExportOptions(fold);
        Random random = new Random(1);
        ConvBn strided = new ConvBn(ConvSpec.threeByThree(3, 5, 2, 1), true);
        BlockParity.initialise(m, strided, 2, new Shape(2, 3, 129, 129));
        BlockParity.assertParity(m, strided, options, List.of(BlockParity.random(random, 2, 3, 129, 129)));

        ConvBn dilated = new ConvBn(ConvSpec.threeByThree(4, 4, 1, 4), false);
        BlockParity.initialise(m, dilated, 3, new Shape(1, 4, 17, 17));
        BlockParity.assertParity(m, dilated, options, List.of(BlockParity.random(random, 1, 4, 17, 17)));

        ConvBn odd = new ConvBn(new ConvSpec(2, 3, 3, 2, 1, 1), true);
        BlockParity.initialise(m, odd, 4, new Shape(1, 2, 33, 33));
        BlockParity.assertParity(m, odd, options, List.of(BlockParity.random(random, 1, 2, 33, 33)));
    }

    @Test
    void batchNormEvalUsesRunningStatisticsNotBatchStatistics(NDManager m) throws Exception {
        // Constant-per-channel input: batch statistics would normalise it to beta, running ones do not.
        ConvBn block = new ConvBn(ConvSpec.pointwise(2, 2), false);
        BlockParity.initialise(m, block, 5, new Shape(1, 2, 5, 5));
        float[] values = new float[2 * 25];
        java.util.Arrays.fill(values, 0, 25, 3f);
        java.util.Arrays.fill(values, 25, 50, -2f);
        FloatTensor input = new FloatTensor(new long[] {1, 2, 5, 5}, values);
        BlockParity.assertParity(m, block, UNFOLDED, List.of(input));
        BlockParity.assertParity(m, block, FOLDED, List.of(input));
        // And the output really depends on the running mean (sanity of the setup).
        NDArray mean = block.batchNorm().getParameters().get("runningMean").getArray();
        assertTrue(Math.abs(mean.toFloatArray()[0]) > 1e-3, "running mean set explicitly");
    }

    @Test
    void plainConvolutionWithBias(NDManager m) throws Exception {
        Conv2d conv = Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(2).build();
        BlockParity.initialise(m, conv, 6, new Shape(1, 3, 9, 9));
        conv.getParameters().get("bias").getArray().set(new float[] {0.7f, -1.3f});
        BlockParity.assertParity(m, conv, FOLDED, List.of(BlockParity.random(new Random(6), 2, 3, 9, 9)));
    }

    @Test
    void bottleneckStridedWithShortcutAndDilatedIdentity(NDManager m) throws Exception {
        Random random = new Random(7);
        BottleneckBlock strided = new BottleneckBlock(4, 2, 8, 2, 1);
        BlockParity.initialise(m, strided, 8, new Shape(2, 4, 129, 129));
        BlockParity.assertParity(m, strided, FOLDED, List.of(BlockParity.random(random, 2, 4, 129, 129)));

        BottleneckBlock dilated = new BottleneckBlock(8, 4, 8, 2, 2);
        assertEquals(1, dilated.stride(), "dilation forces stride 1");
        BlockParity.initialise(m, dilated, 9, new Shape(1, 8, 17, 17));
        BlockParity.assertParity(m, dilated, UNFOLDED, List.of(BlockParity.random(random, 1, 8, 17, 17)));

        IdentityBlock identity = new IdentityBlock(8, 4, 4);
        BlockParity.initialise(m, identity, 10, new Shape(1, 8, 17, 17));
        BlockParity.assertParity(m, identity, FOLDED, List.of(BlockParity.random(random, 1, 8, 17, 17)));
    }

    @Test
    void residualStageThroughOddSizes(NDManager m) throws Exception {
        Random random = new Random(11);
        ResidualStage stage = new ResidualStage(3, 4, 2, 6, 2, 1);
        BlockParity.initialise(m, stage, 12, new Shape(1, 4, 65, 65));
        BlockParity.assertParity(m, stage, FOLDED, List.of(BlockParity.random(random, 1, 4, 65, 65)));
    }

    @Test
    void scSe(NDManager m) throws Exception {
        ScSe block = new ScSe(6);
        BlockParity.initialise(m, block, 13, new Shape(2, 6, 33, 33));
        BlockParity.assertParity(m, block, FOLDED, List.of(BlockParity.random(new Random(13), 2, 6, 33, 33)));
    }

    @Test
    void pyramidPoolingOnSeventeen(NDManager m) throws Exception {
        PyramidPooling block = new PyramidPooling(6, 3, new int[] {6, 3, 2, 1}, 17);
        BlockParity.initialise(m, block, 14, new Shape(2, 6, 17, 17));
        BlockParity.assertParity(m, block, FOLDED, List.of(BlockParity.random(new Random(14), 2, 6, 17, 17)));
    }

    @Test
    void guidedUpsampling(NDManager m) throws Exception {
        Random random = new Random(15);
        GuidedUpsampling block = new GuidedUpsampling(8, 4, 3);
        BlockParity.initialise(m, block, 16, new Shape(1, 4, 129, 129), new Shape(1, 8, 17, 17));
        BlockParity.assertParity(m, block, FOLDED, List.of(BlockParity.random(random, 1, 4, 129, 129),
                BlockParity.random(random, 1, 8, 17, 17)));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void guidedUpsamplingWithSamplesOutsideTheMap(boolean fold, NDManager m) throws Exception {
        // Offsets of (+25, -25) pixels: a fifth of the rows and columns sample outside p, where zero padding
        // holds. The output's batch-norm shift must then be added after the sampling, not sampled with the rest.
        Random random = new Random(19);
        GuidedUpsampling block = new GuidedUpsampling(8, 4, 3);
        BlockParity.initialise(m, block, 20, new Shape(1, 4, 129, 129), new Shape(1, 8, 17, 17));
        block.offset3().batchNorm().getParameters().get("beta").getArray().set(new float[] {25f, -25f});
        block.offset3().batchNorm().getParameters().get("gamma").getArray().set(new float[] {0.1f, 0.1f});
        block.output().batchNorm().getParameters().get("beta").getArray().set(new float[] {1.5f, 2f, 0.5f});
        BlockParity.assertParity(m, block, new ExportOptions(fold), List.of(BlockParity.random(random, 1, 4, 129, 129),
                BlockParity.random(random, 1, 8, 17, 17)));
    }

    @Test
    void decoderStagesWithAndWithoutGuide(NDManager m) throws Exception {
        Random random = new Random(17);
        DecoderStage plain = new DecoderStage(10, 2, 4, true);
        BlockParity.initialise(m, plain, 18, new Shape(1, 6, 33, 33), new Shape(1, 4, 17, 17));
        BlockParity.assertParity(m, plain, FOLDED, List.of(BlockParity.random(random, 1, 6, 33, 33),
                BlockParity.random(random, 1, 4, 17, 17)));

        DecoderStage guided = new DecoderStage(5, 2, 3, false);
        BlockParity.initialise(m, guided, 19, new Shape(1, 2, 129, 129), new Shape(1, 3, 65, 65),
                new Shape(1, 3, 129, 129));
        BlockParity.assertParity(m, guided, FOLDED, List.of(BlockParity.random(random, 1, 2, 129, 129),
                BlockParity.random(random, 1, 3, 65, 65), BlockParity.random(random, 1, 3, 129, 129)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1x1->17x17", "6x6->17x17", "17x17->33x33", "33x33->65x65", "17x17->129x129", "3x5->7x11"})
    void bilinearResizeAlignCornersMatchesTheModel(String sizes, NDManager m) throws Exception {
        String[] parts = sizes.split("->");
        int[] from = java.util.Arrays.stream(parts[0].split("x")).mapToInt(Integer::parseInt).toArray();
        int[] to = java.util.Arrays.stream(parts[1].split("x")).mapToInt(Integer::parseInt).toArray();
        FloatTensor input = BlockParity.random(new Random(20), 2, 3, from[0], from[1]);
        GraphBuilder g = new GraphBuilder("resize");
        String x = g.input("x", GraphBuilder.BATCH, 3, from[0], from[1]);
        FeatureMap y = BilinearResizing.resize(g, "r", new FeatureMap(x, 3, from[0], from[1]), to[0], to[1]);
        g.output(y.name(), "y", GraphBuilder.BATCH, 3, to[0], to[1]);
        FloatTensor actual;
        try (OrtGraph graph = new OrtGraph(g.build().toByteArray(), OptLevel.ALL_OPT)) {
            actual = graph.run(input);
        }
        NDArray expected = BilinearResize.resize(m.create(input.values(), new Shape(input.shape())), to[0], to[1]);
        FloatTensor e = new FloatTensor(expected.getShape().getShape(), expected.toFloatArray());
        double diff = e.maxAbsDifference(actual);
        assertTrue(diff <= 1e-5, sizes + ": max abs difference " + diff);
    }

    @Test
    void unknownBlockTypeIsAnErrorNamingIt() {
        GraphBuilder g = new GraphBuilder("t");
        String x = g.input("x", GraphBuilder.BATCH, 1, 4, 4);
        Emission emission = new Emission(g, EmitterRegistry.standard(), FOLDED);
        UnsupportedBlockException e = assertThrows(UnsupportedBlockException.class,
                () -> emission.emit(Activation.reluBlock(), "enc9/act", new FeatureMap(x, 1, 4, 4)));
        assertTrue(e.getMessage().startsWith("no ONNX emitter for block type ai.djl.nn.LambdaBlock (at enc9/act)"),
                e.getMessage());
    }
}

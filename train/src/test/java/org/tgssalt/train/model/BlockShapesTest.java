package org.tgssalt.train.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tgssalt.train.testing.NDManagerExtension;

/**
 * Every block's forward output shape, in evaluation and in training, equals both the expected
 * reference shape and the block's own {@code getOutputShapes}; at 129-derived sizes and odd ones.
 */
@ExtendWith(NDManagerExtension.class)
class BlockShapesTest {

    /** Checks one block in a scope of its own: its arrays are freed before the next block's. */
    private static void assertShape(NDManager manager, Block block, Shape expected, Shape... inputs) {
        try (NDManager scope = manager.newSubManager()) {
            block.initialize(scope, DataType.FLOAT32, inputs);
            NDList data = new NDList();
            for (Shape shape : inputs) {
                data.add(scope.randomNormal(shape));
            }
            ParameterStore store = new ParameterStore(scope, false);
            assertEquals(expected, block.getOutputShapes(inputs)[0], "declared shape");
            assertEquals(expected, block.forward(store, data, false).get(0).getShape(), "eval shape");
            assertEquals(expected, block.forward(store, data, true).get(0).getShape(), "training shape");
        }
    }

    @Test
    void convBn(NDManager manager) {
        assertShape(manager, new ConvBn(ConvSpec.threeByThree(1, 32, 1, 1), true), new Shape(2, 32, 129, 129),
                new Shape(2, 1, 129, 129));
        assertShape(manager, new ConvBn(ConvSpec.threeByThree(8, 4, 2, 1), false), new Shape(2, 4, 51, 51),
                new Shape(2, 8, 101, 101));
        assertShape(manager, new ConvBn(ConvSpec.threeByThree(8, 4, 1, 4), false), new Shape(2, 4, 13, 17),
                new Shape(2, 8, 13, 17));
    }

    @Test
    void bottleneckAndIdentityBlocks(NDManager manager) {
        BottleneckBlock down = new BottleneckBlock(32, 16, 64, 2, 1);
        assertTrue(down.shortcut().isPresent());
        assertShape(manager, down, new Shape(2, 64, 65, 65), new Shape(2, 32, 129, 129));
        BottleneckBlock dilated = new BottleneckBlock(256, 64, 256, 2, 2);
        assertEquals(1, dilated.stride(), "dilation forces stride 1");
        assertFalse(dilated.shortcut().isPresent(), "same width: identity shortcut");
        assertShape(manager, dilated, new Shape(2, 256, 17, 17), new Shape(2, 256, 17, 17));
        assertShape(manager, new BottleneckBlock(6, 3, 8, 2, 1), new Shape(2, 8, 7, 4), new Shape(2, 6, 13, 7));
        assertShape(manager, new IdentityBlock(64, 16, 1), new Shape(2, 64, 65, 65), new Shape(2, 64, 65, 65));
        assertShape(manager, new IdentityBlock(8, 4, 4), new Shape(2, 8, 13, 11), new Shape(2, 8, 13, 11));
    }

    @Test
    void residualStagesOfTheEncoder(NDManager manager) {
        ResidualStage stage = new ResidualStage(3, 128, 64, 256, 2, 1);
        assertEquals(2, stage.identities().size());
        assertShape(manager, stage, new Shape(2, 256, 17, 17), new Shape(2, 128, 33, 33));
        assertShape(manager, new ResidualStage(3, 32, 16, 64, 2, 1), new Shape(2, 64, 65, 65), new Shape(2, 32, 129, 129));
        assertShape(manager, new ResidualStage(3, 16, 8, 16, 1, 4), new Shape(2, 16, 13, 13), new Shape(2, 16, 13, 13));
    }

    @Test
    void scSe(NDManager manager) {
        assertShape(manager, new ScSe(64), new Shape(2, 64, 65, 65), new Shape(2, 64, 65, 65));
        assertShape(manager, new ScSe(3), new Shape(2, 3, 7, 9), new Shape(2, 3, 7, 9));
    }

    @Test
    void pyramidPoolingGeometryAndShape(NDManager manager) {
        PyramidPooling pyramid = new PyramidPooling(256, 64, new int[] {6, 3, 2, 1}, 17);
        // stride = floor(17 / b), kernel = 17 - stride * (b - 1): b=6 -> 2,7; 3 -> 5,7; 2 -> 8,9; 1 -> 17,17
        int[] strides = {2, 5, 8, 17};
        int[] kernels = {7, 7, 9, 17};
        for (int i = 0; i < 4; i++) {
            assertEquals(strides[i], pyramid.stride(i), "stride " + i);
            assertEquals(kernels[i], pyramid.kernel(i), "kernel " + i);
        }
        assertShape(manager, pyramid, new Shape(2, 512, 17, 17), new Shape(2, 256, 17, 17));
        assertShape(manager, new PyramidPooling(8, 2, new int[] {6, 3, 2, 1}, 13), new Shape(2, 16, 13, 13),
                new Shape(2, 8, 13, 13));
    }

    @Test
    void pyramidPoolingPassesItsInputThrough(NDManager manager) {
        PyramidPooling pyramid = new PyramidPooling(4, 2, new int[] {6, 3, 2, 1}, 17);
        pyramid.initialize(manager, DataType.FLOAT32, new Shape(1, 4, 17, 17));
        NDArray x = manager.randomNormal(new Shape(1, 4, 17, 17));
        NDArray y = pyramid.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
        assertArrayEquals(x.toFloatArray(), y.get(":, 0:4").toFloatArray(), 0f);
    }

    @Test
    void guidedUpsampling(NDManager manager) {
        assertShape(manager, new GuidedUpsampling(128, 32, 16, 64, 32), new Shape(2, 16, 129, 129),
                new Shape(2, 32, 129, 129), new Shape(2, 128, 17, 17));
        assertShape(manager, new GuidedUpsampling(8, 4, 2), new Shape(2, 2, 101, 101), new Shape(2, 4, 101, 101),
                new Shape(2, 8, 13, 13));
    }

    @Test
    void auxiliaryHead(NDManager manager) {
        assertShape(manager, new AuxiliaryHead(256, 16, 2, 129), new Shape(2, 2, 129, 129), new Shape(2, 256, 17, 17));
        assertShape(manager, new AuxiliaryHead(8, 4, 2, 101), new Shape(2, 2, 101, 101), new Shape(2, 8, 13, 13));
    }

    @Test
    void decoderStages(NDManager manager) {
        assertShape(manager, new DecoderStage(256, 32, 64, true), new Shape(2, 64, 33, 33), new Shape(2, 128, 33, 33),
                new Shape(2, 128, 17, 17));
        assertShape(manager, new DecoderStage(64, 8, 16, true), new Shape(2, 16, 129, 129), new Shape(2, 32, 129, 129),
                new Shape(2, 32, 65, 65), new Shape(2, 16, 129, 129));
        assertShape(manager, new DecoderStage(12, 4, 5, false), new Shape(2, 5, 51, 51), new Shape(2, 6, 51, 51),
                new Shape(2, 6, 26, 26));
    }

    @Test
    void channelDropout(NDManager manager) {
        assertShape(manager, new ChannelDropout(0.1f), new Shape(2, 3, 5, 5), new Shape(2, 3, 5, 5));
    }

    @Test
    void wholeNetworkAtAnOddInputSize(NDManager manager) {
        SaltNet net = new SaltNet(SaltNetConfig.full(0.25), 101);
        net.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 101, 101));
        NDArray image = manager.randomNormal(new Shape(2, 1, 101, 101));
        ParameterStore store = new ParameterStore(manager, false);
        assertEquals(new Shape(2, 1, 101, 101), net.forward(store, new NDList(image), false).get(0).getShape());
        NDList training = net.forward(store, new NDList(image), true);
        assertEquals(new Shape(2, 2, 101, 101), training.get(0).getShape());
        assertEquals(new Shape(2, 2, 101, 101), training.get(1).getShape());
    }
}

package org.tgssalt.train.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tgssalt.train.testing.NDManagerExtension;

@ExtendWith(NDManagerExtension.class)
class GuidedUpsamplingTest {

    @Test
    void zeroOffsetsGiveTheOutputConvOfTheBilinearUpsample(NDManager manager) {
        GuidedUpsampling gum = new GuidedUpsampling(6, 3, 4);
        Shape x0Shape = new Shape(2, 3, 33, 33);
        Shape pShape = new Shape(2, 6, 9, 9);
        gum.initialize(manager, DataType.FLOAT32, x0Shape, pShape);
        // A zero offset conv makes the offsets exactly 0 in evaluation (BN: mean 0, var 1, beta 0).
        NDArray weight = gum.offset3().conv().getParameters().get("weight").getArray();
        weight.setRequiresGradient(false);
        weight.muli(0f);
        NDArray x0 = manager.randomNormal(x0Shape);
        NDArray p = manager.randomNormal(pShape);
        ParameterStore store = new ParameterStore(manager, false);
        NDArray g = gum.forward(store, new NDList(x0, p), false).singletonOrThrow();
        NDArray expected = gum.output().forward(store, new NDList(BilinearResize.resize(p, 33, 33)), false)
                .singletonOrThrow();
        assertArrayEquals(expected.toFloatArray(), g.toFloatArray(), 1e-5f);
    }

    @Test
    void pixelOffsetsBecomeNormalisedGridShifts(NDManager manager) {
        // Offsets of (dx, dy) = (1, -2) pixels on a 5 x 9 (H x W) map: 1 / ((9-1)/2), -2 / ((5-1)/2).
        NDArray offsets = manager.zeros(new Shape(1, 2, 5, 9));
        offsets.set(new ai.djl.ndarray.index.NDIndex(":, 0"), 1f);
        offsets.set(new ai.djl.ndarray.index.NDIndex(":, 1"), -2f);
        NDArray grid = GuidedUpsampling.samplingGrid(offsets);
        assertEquals(new Shape(1, 5, 9, 2), grid.getShape());
        NDArray base = GridSampler.baseGrid(manager, 1, 5, 9, DataType.FLOAT32);
        NDArray shift = grid.sub(base);
        float[] dx = shift.get(":, :, :, 0").toFloatArray();
        float[] dy = shift.get(":, :, :, 1").toFloatArray();
        for (int i = 0; i < dx.length; i++) {
            assertEquals(0.25f, dx[i], 1e-6f);
            assertEquals(-1f, dy[i], 1e-6f);
        }
        // corner of the base grid: (-1, -1) top left, (1, 1) bottom right
        assertArrayEquals(new float[] {-1f, -1f}, base.get("0, 0, 0").toFloatArray(), 0f);
        assertArrayEquals(new float[] {1f, 1f}, base.get("0, 4, 8").toFloatArray(), 0f);
        assertArrayEquals(new float[] {-0.5f, 0f}, base.get("0, 2, 2").toFloatArray(), 1e-7f);
    }
}

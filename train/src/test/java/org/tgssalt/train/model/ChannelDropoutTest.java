package org.tgssalt.train.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
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
class ChannelDropoutTest {

    @Test
    void dropsWholeChannelsAndRescalesTheRest(NDManager manager) {
        ChannelDropout dropout = new ChannelDropout(0.5f);
        NDArray x = manager.ones(new Shape(8, 16, 3, 3));
        ParameterStore store = new ParameterStore(manager, false);
        float[] y = dropout.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray();
        int dropped = 0;
        for (int channel = 0; channel < 8 * 16; channel++) {
            float first = y[channel * 9];
            assertTrue(first == 0f || first == 2f, "kept values scale by 1 / (1 - 0.5), got " + first);
            for (int k = 1; k < 9; k++) {
                assertEquals(first, y[channel * 9 + k], 0f, "channel " + channel + " is dropped as a whole");
            }
            dropped += first == 0f ? 1 : 0;
        }
        // 128 channels at p = 0.5: 64 +- 4 sigma (sigma = 5.7)
        assertTrue(dropped > 40 && dropped < 88, "dropped " + dropped + " of 128 channels");
        assertArrayEquals(x.toFloatArray(), dropout.forward(store, new NDList(x), false).singletonOrThrow()
                .toFloatArray(), 0f);
    }

    @Test
    void aFloat64ReplicaDropsTheSameChannelsUnderTheSameSeed(NDManager manager) {
        // lets a float64 copy of the network check float32 gradients with the same dropout mask
        ChannelDropout dropout = new ChannelDropout(0.5f);
        ParameterStore store = new ParameterStore(manager, false);
        NDArray ones = manager.ones(new Shape(4, 32, 2, 2));
        Engine.getEngine("PyTorch").setRandomSeed(11);
        NDArray single = dropout.forward(store, new NDList(ones), true).singletonOrThrow();
        Engine.getEngine("PyTorch").setRandomSeed(11);
        NDArray dual = dropout.forward(store, new NDList(ones.toType(DataType.FLOAT64, false)), true)
                .singletonOrThrow();
        assertEquals(DataType.FLOAT64, dual.getDataType());
        assertArrayEquals(single.toFloatArray(), dual.toType(DataType.FLOAT32, false).toFloatArray(), 0f);
    }

    @Test
    void rejectsRatesOutsideTheUnitInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ChannelDropout(1f));
        assertEquals("dropout rate must be in [0, 1), got 1.0", e.getMessage());
    }
}

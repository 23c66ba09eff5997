package org.tgssalt.train.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;

class SaltNetTest {

    private static long trainable(ai.djl.nn.Block block) {
        long count = 0;
        for (Parameter parameter : block.getParameters().values()) {
            if (parameter.requiresGradient()) {
                count += parameter.getArray().size();
            }
        }
        return count;
    }

    @Test
    void referenceWidthHasTheReferenceParameterCount() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SaltNet net = new SaltNet(SaltNetConfig.reference());
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 129, 129));
            assertEquals(1_868_374L, net.trainableParameterCount());
            assertEquals(36_930L, trainable(net.auxiliary().orElseThrow()));
        }
    }

    @Test
    void widthOneHasTheFormulaParameterCount() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SaltNet net = new SaltNet(SaltNetConfig.full(1.0));
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 129, 129));
            assertEquals(471_206L, net.trainableParameterCount());
        }
    }

    @Test
    void evalForwardGivesProbabilitiesAndTrainingForwardGivesBothLogits() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SaltNet net = new SaltNet(SaltNetConfig.full(0.5));
            net.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 129, 129));
            NDArray image = manager.randomNormal(new Shape(2, 1, 129, 129));
            ParameterStore store = new ParameterStore(manager, false);
            NDList eval = net.forward(store, new NDList(image), false);
            assertEquals(1, eval.size());
            assertEquals(new Shape(2, 1, 129, 129), eval.get(0).getShape());
            float[] p = eval.get(0).toFloatArray();
            for (float v : p) {
                assertTrue(v >= 0f && v <= 1f, "probability " + v);
            }
            NDList train = net.forward(store, new NDList(image), true);
            assertEquals(2, train.size());
            assertEquals(new Shape(2, 2, 129, 129), train.get(0).getShape());
            assertEquals(new Shape(2, 2, 129, 129), train.get(1).getShape());
        }
    }
}

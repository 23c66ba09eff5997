package org.tgssalt.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tgssalt.train.testing.NDManagerExtension;

/** The weighted total and its parts. */
@ExtendWith(NDManagerExtension.class)
class SaltLossTest {
    private static NDManager manager;
    private static Vgg19Features vgg;

    @BeforeAll
    static void open(NDManager shared) {
        manager = shared;
        vgg = Vgg19Features.random(manager, 9);
    }

    @AfterAll
    static void close() {
        vgg.close();
    }

    @Test
    void totalIsTheWeightedSumOfTheParts() {
        SaltLoss loss = new SaltLoss(LossWeights.REFERENCE, new TopologyLoss(vgg));
        try (NDManager scope = manager.newSubManager()) {
            NDArray logits = normal(scope, new Shape(2, 2, 16, 16));
            NDArray aux = normal(scope, new Shape(2, 2, 16, 16));
            NDArray labels = uniform(scope, 0f, 1f, new Shape(2, 16, 16)).gt(0.5f)
                    .toType(DataType.FLOAT32, false);
            LossValues values = loss.evaluate(logits, aux, labels).values();

            float ce = new SoftmaxCrossEntropy2d().evaluate(logits, labels).getFloat();
            float lovasz = new LovaszSoftmaxLoss().evaluate(logits, labels).getFloat();
            float auxiliary = new SoftmaxCrossEntropy2d().evaluate(aux, labels).getFloat()
                    + new LovaszSoftmaxLoss().evaluate(aux, labels).getFloat();
            float topology = new TopologyLoss(vgg)
                    .evaluate(logits.softmax(1).get(":, 1:2"), labels).getFloat();
            assertEquals(ce, values.crossEntropy(), 1e-6f);
            assertEquals(lovasz, values.lovasz(), 1e-6f);
            assertEquals(auxiliary, values.auxiliary(), 1e-6f);
            assertEquals(topology, values.topology(), 1e-5f * topology);
            assertTrue(values.hasTopology());
            assertEquals(ce + lovasz + 0.4f * auxiliary + 0.05f * topology, values.total(),
                    1e-5f * values.total());
        }
    }

    @Test
    void withoutTopologyTheTermIsAbsent() {
        SaltLoss loss = new SaltLoss(LossWeights.REFERENCE, null);
        try (NDManager scope = manager.newSubManager()) {
            NDArray logits = normal(scope, new Shape(1, 2, 8, 8));
            NDArray aux = normal(scope, new Shape(1, 2, 8, 8));
            NDArray labels = uniform(scope, 0f, 1f, new Shape(1, 1, 8, 8)).gt(0.5f)
                    .toType(DataType.FLOAT32, false);
            SaltLossParts parts = loss.evaluate(logits, aux, labels);
            assertNull(parts.topology());
            assertTrue(parts.topologyLoss().isEmpty());
            LossValues values = parts.values();
            assertFalse(values.hasTopology());
            assertTrue(Float.isNaN(values.topology()));
            assertEquals(values.crossEntropy() + values.lovasz() + 0.4f * values.auxiliary(),
                    values.total(), 1e-6f);
        }
    }

    @Test
    void gradientReachesBothOutputs() {
        SaltLoss loss = new SaltLoss(LossWeights.REFERENCE, new TopologyLoss(vgg));
        try (NDManager scope = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = normal(scope, new Shape(2, 2, 8, 8));
            NDArray aux = normal(scope, new Shape(2, 2, 8, 8));
            logits.setRequiresGradient(true);
            aux.setRequiresGradient(true);
            NDArray labels = uniform(scope, 0f, 1f, new Shape(2, 8, 8)).gt(0.5f);
            collector.backward(loss.evaluate(logits, aux, labels).total());
            assertTrue(logits.getGradient().abs().sum().getFloat() > 0f);
            assertTrue(aux.getGradient().abs().sum().getFloat() > 0f);
        }
    }

    @Test
    void weightsAreValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LossWeights(-0.4f, 0.05f));
        assertEquals("auxiliary loss weight must be a finite number >= 0, got -0.4",
                e.getMessage());
        assertEquals(new LossWeights(0.4f, 0.05f), LossWeights.REFERENCE);
    }

    private final java.util.Random random = new java.util.Random(17);

    private NDArray uniform(NDManager scope, float low, float high, Shape shape) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = low + (high - low) * random.nextFloat();
        }
        return scope.create(values, shape);
    }

    private NDArray normal(NDManager scope, Shape shape) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return scope.create(values, shape);
    }
}

package org.tgssalt.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tgssalt.train.testing.NDManagerExtension;

/** Mechanics of the topology loss and the truncated VGG19, with random weights. */
@ExtendWith(NDManagerExtension.class)
class TopologyLossTest {
    private static NDManager manager;
    private static Vgg19Features vgg;

    @BeforeAll
    static void open(NDManager shared) {
        manager = shared;
        vgg = Vgg19Features.random(manager, 42);
    }

    @AfterAll
    static void close() {
        vgg.close();
    }

    @Test
    void featuresHaveVggShapesAndArePreActivation() {
        try (NDManager scope = manager.newSubManager()) {
            NDList features = vgg.features(uniform(scope, 0f, 1f, new Shape(2, 3, 129, 129)));
            assertEquals(new Shape(2, 64, 129, 129), features.get(0).getShape());
            assertEquals(new Shape(2, 128, 64, 64), features.get(1).getShape());
            assertEquals(new Shape(2, 256, 32, 32), features.get(2).getShape());
            for (NDArray feature : features) {
                // Taken before ReLU: random weights give negative responses somewhere.
                assertTrue(feature.min().getFloat() < 0f, "pre-ReLU feature has negatives");
            }
        }
    }

    @Test
    void zeroWhenPredictionEqualsLabel() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray label = uniform(scope, 0f, 1f, new Shape(2, 1, 16, 16)).gt(0.5f)
                    .toType(DataType.FLOAT32, false);
            TopologyLoss loss = new TopologyLoss(vgg);
            assertEquals(0f, loss.evaluate(label, label).getFloat(), 0f);
            assertEquals(0f, loss.evaluate(label, label.squeeze(1)).getFloat(), 0f);
        }
    }

    @Test
    void positiveOtherwiseWithGradientToPrediction() {
        TopologyLoss loss = new TopologyLoss(vgg);
        Shape shape = new Shape(2, 1, 16, 16);
        try (NDManager scope = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray label = uniform(scope, 0f, 1f, shape).gt(0.5f);
            NDArray prediction = uniform(scope, 0f, 1f, shape);
            prediction.setRequiresGradient(true);
            NDArray result = loss.evaluate(prediction, label);
            assertTrue(result.getFloat() > 0f, "loss " + result.getFloat());
            collector.backward(result);
            float[] gradient = prediction.getGradient().toFloatArray();
            for (float g : gradient) {
                assertTrue(Float.isFinite(g));
            }
            double norm = 0;
            for (float g : gradient) {
                norm += g * g;
            }
            assertTrue(norm > 0, "gradient reaches the prediction");
        }
    }

    @Test
    void gradientMatchesFiniteDifferencesInDoublePrecision() {
        // float32 convolutions leave central differences a few percent off; float64 weights make
        // the comparison exact enough to mean something.
        Shape shape = new Shape(1, 1, 6, 6);
        Random random = new Random(8);
        try (NDManager scope = manager.newSubManager();
                Vgg19Features vgg64 = Vgg19Features.fromTensors(scope,
                        Vgg19WeightsFileTest.randomTensors(scope, random), "random",
                        DataType.FLOAT64)) {
            TopologyLoss loss = new TopologyLoss(vgg64);
            double[] prediction = new double[(int) shape.size()];
            int[] label = new int[prediction.length];
            for (int i = 0; i < prediction.length; i++) {
                prediction[i] = random.nextDouble();
                label[i] = random.nextInt(2);
            }
            NDArray labels = scope.create(label, shape);
            double[] analytic;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray x = scope.create(prediction, shape);
                x.setRequiresGradient(true);
                collector.backward(loss.evaluate(x, labels));
                analytic = x.getGradient().toDoubleArray();
            }
            double eps = 1e-6;
            double[] numeric = new double[prediction.length];
            for (int i = 0; i < prediction.length; i++) {
                double[] plus = prediction.clone();
                double[] minus = prediction.clone();
                plus[i] += eps;
                minus[i] -= eps;
                numeric[i] = (loss.evaluate(scope.create(plus, shape), labels).getDouble()
                        - loss.evaluate(scope.create(minus, shape), labels).getDouble())
                        / (2 * eps);
            }
            double scale = Arrays.stream(numeric).map(Math::abs).max().orElseThrow();
            assertTrue(scale > 1e-6, "gradient is not trivially zero");
            assertArrayEquals(numeric, analytic, 1e-6 * scale);
        }
    }

    @Test
    void sumsTheThreeMeanSquaredErrors() {
        TopologyLoss loss = new TopologyLoss(vgg);
        Shape shape = new Shape(1, 1, 12, 12);
        try (NDManager scope = manager.newSubManager()) {
            NDArray label = uniform(scope, 0f, 1f, shape).gt(0.5f)
                    .toType(DataType.FLOAT32, false);
            NDArray prediction = uniform(scope, 0f, 1f, shape);
            NDList predicted = vgg.features(prediction.repeat(1, 3));
            NDList target = vgg.features(label.repeat(1, 3));
            double expected = 0;
            for (int f = 0; f < 3; f++) {
                float[] a = predicted.get(f).toFloatArray();
                float[] b = target.get(f).toFloatArray();
                double sum = 0;
                for (int i = 0; i < a.length; i++) {
                    sum += (double) (a[i] - b[i]) * (a[i] - b[i]);
                }
                expected += sum / a.length;
            }
            assertEquals(expected, loss.evaluate(prediction, label).getFloat(), 1e-5 * expected);
        }
    }

    private final java.util.Random random = new java.util.Random(17);

    private NDArray uniform(NDManager scope, float low, float high, Shape shape) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = low + (high - low) * random.nextFloat();
        }
        return scope.create(values, shape);
    }
}

package org.tgssalt.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tgssalt.train.testing.NDManagerExtension;

/**
 * Lovász-softmax against independent definitions: 1 - Jaccard on hard predictions, the Lovász
 * extension as an integral of the Jaccard loss over thresholds on soft ones, and finite differences
 * for the gradient.
 */
@ExtendWith(NDManagerExtension.class)
class LovaszSoftmaxLossTest {
    private static NDManager manager;
    private final LovaszSoftmaxLoss loss = new LovaszSoftmaxLoss();

    @BeforeAll
    static void open(NDManager shared) {
        manager = shared;
    }

    @Test
    void hardProbabilitiesGiveOneMinusJaccardPerClassAveraged() {
        int n = 4;
        int h = 5;
        int w = 6;
        Random random = new Random(7);
        int[][] truth = new int[n][h * w];
        int[][] predicted = new int[n][h * w];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < h * w; p++) {
                truth[i][p] = random.nextInt(2);
                predicted[i][p] = random.nextInt(2);
            }
        }
        // Edge cases: no salt anywhere (class 1 absent from both), all salt predicted for an
        // image without salt, and a perfect prediction.
        Arrays.fill(truth[1], 0);
        Arrays.fill(predicted[1], 0);
        Arrays.fill(truth[2], 0);
        Arrays.fill(predicted[2], 1);
        predicted[3] = truth[3].clone();

        double expected = 0;
        for (int i = 0; i < n; i++) {
            double perClass = 0;
            for (int c = 0; c < 2; c++) {
                perClass += 1 - jaccard(truth[i], predicted[i], c);
            }
            expected += perClass / 2;
        }
        expected /= n;

        float[] probabilities = new float[n * 2 * h * w];
        float[] labels = new float[n * h * w];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < h * w; p++) {
                probabilities[(i * 2) * h * w + p] = 1 - predicted[i][p];
                probabilities[(i * 2 + 1) * h * w + p] = predicted[i][p];
                labels[i * h * w + p] = truth[i][p];
            }
        }
        try (NDManager scope = manager.newSubManager()) {
            float actual = loss.evaluateProbabilities(
                    scope.create(probabilities, new Shape(n, 2, h, w)),
                    scope.create(labels, new Shape(n, h, w))).getFloat();
            assertEquals(expected, actual, 1e-6);
        }
    }

    @Test
    void agreesWithBruteForceLovaszExtension() {
        Random random = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + random.nextInt(3);
            int h = 1 + random.nextInt(4);
            int w = 1 + random.nextInt(4);
            double[] logits = gaussian(random, n * 2 * h * w, 2.0);
            int[] labels = new int[n * h * w];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = random.nextInt(2);
            }
            double expected = bruteForce(softmax(logits, n, h * w), labels, n, h * w);
            try (NDManager scope = manager.newSubManager()) {
                NDArray logitArray = scope.create(logits, new Shape(n, 2, h, w));
                NDArray labelArray = scope.create(labels, new Shape(n, 1, h, w));
                double exact = loss.evaluate(logitArray, labelArray).getDouble();
                assertEquals(expected, exact, 1e-12, "float64, trial " + trial);
                float single = loss.evaluate(logitArray.toType(DataType.FLOAT32, false),
                        labelArray).getFloat();
                assertEquals(expected, single, 1e-5, "float32, trial " + trial);
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        int n = 2;
        int h = 3;
        int w = 3;
        Shape shape = new Shape(n, 2, h, w);
        Random random = new Random(3);
        double[] logits = gaussian(random, (int) shape.size(), 1.5);
        int[] labels = new int[n * h * w];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(2);
        }
        double[] analytic;
        try (NDManager scope = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray x = scope.create(logits, shape);
            x.setRequiresGradient(true);
            collector.backward(loss.evaluate(x, scope.create(labels, new Shape(n, h, w))));
            analytic = x.getGradient().toDoubleArray();
        }
        double eps = 1e-6;
        double[] numeric = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            double[] plus = logits.clone();
            double[] minus = logits.clone();
            plus[i] += eps;
            minus[i] -= eps;
            numeric[i] = (evaluate(plus, labels, shape) - evaluate(minus, labels, shape)) / (2 * eps);
        }
        assertArrayEquals(numeric, analytic, 1e-7);
        assertTrue(Arrays.stream(analytic).anyMatch(g -> Math.abs(g) > 1e-3),
                "the gradient is not trivially zero");
    }

    @Test
    void labelLayoutsAndTypesAgree() {
        Random random = new Random(5);
        double[] logits = gaussian(random, 2 * 2 * 4 * 4, 1.0);
        int[] labels = new int[2 * 4 * 4];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(2);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(logits, new Shape(2, 2, 4, 4)).toType(DataType.FLOAT32, false);
            float fromInts = loss.evaluate(x, scope.create(labels, new Shape(2, 4, 4))).getFloat();
            float fromFloats = loss.evaluate(x, scope.create(labels, new Shape(2, 1, 4, 4))
                    .toType(DataType.FLOAT32, false)).getFloat();
            assertEquals(fromInts, fromFloats, 0f);
        }
    }

    private double evaluate(double[] logits, int[] labels, Shape shape) {
        try (NDManager scope = manager.newSubManager()) {
            return loss.evaluate(scope.create(logits, shape), scope.create(labels,
                    new Shape(shape.get(0), shape.get(2), shape.get(3)))).getDouble();
        }
    }

    /** IoU of class c between two label maps, 1 when the class is in neither. */
    private static double jaccard(int[] truth, int[] predicted, int c) {
        int intersection = 0;
        int union = 0;
        for (int p = 0; p < truth.length; p++) {
            boolean t = truth[p] == c;
            boolean q = predicted[p] == c;
            intersection += t && q ? 1 : 0;
            union += t || q ? 1 : 0;
        }
        return union == 0 ? 1 : (double) intersection / union;
    }

    /**
     * Lovász extension of the Jaccard loss as the Choquet integral over thresholds,
     * {@code integral_0^1 Delta({i : m_i >= t}) dt}, with Delta(S) the Jaccard loss of the
     * prediction whose wrong pixels are exactly S. A different route from the sorted-increment
     * formula the implementation uses.
     */
    private static double bruteForce(double[] probabilities, int[] labels, int n, int pixels) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            double perClass = 0;
            for (int c = 0; c < 2; c++) {
                boolean[] truth = new boolean[pixels];
                double[] errors = new double[pixels];
                for (int p = 0; p < pixels; p++) {
                    truth[p] = labels[i * pixels + p] == c;
                    double probability = probabilities[(i * 2 + c) * pixels + p];
                    errors[p] = Math.abs((truth[p] ? 1 : 0) - probability);
                }
                double[] levels = Arrays.stream(errors).distinct().sorted().toArray();
                double below = 0;
                double integral = 0;
                for (double level : levels) {
                    integral += (level - below) * jaccardLossOfWrongSet(truth, errors, level);
                    below = level;
                }
                perClass += integral;
            }
            total += perClass / 2;
        }
        return total / n;
    }

    /** Jaccard loss when the pixels with error >= threshold are predicted wrongly. */
    private static double jaccardLossOfWrongSet(boolean[] truth, double[] errors, double threshold) {
        int intersection = 0;
        int union = 0;
        for (int p = 0; p < truth.length; p++) {
            boolean predicted = errors[p] >= threshold ? !truth[p] : truth[p];
            intersection += truth[p] && predicted ? 1 : 0;
            union += truth[p] || predicted ? 1 : 0;
        }
        return union == 0 ? 0 : 1 - (double) intersection / union;
    }

    private static double[] softmax(double[] logits, int n, int pixels) {
        double[] out = new double[logits.length];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < pixels; p++) {
                double a = logits[(i * 2) * pixels + p];
                double b = logits[(i * 2 + 1) * pixels + p];
                double max = Math.max(a, b);
                double ea = Math.exp(a - max);
                double eb = Math.exp(b - max);
                out[(i * 2) * pixels + p] = ea / (ea + eb);
                out[(i * 2 + 1) * pixels + p] = eb / (ea + eb);
            }
        }
        return out;
    }

    static double[] gaussian(Random random, int count, double scale) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextGaussian() * scale;
        }
        return values;
    }
}

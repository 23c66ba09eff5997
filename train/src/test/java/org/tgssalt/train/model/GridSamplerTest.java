package org.tgssalt.train.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.Test;

import java.util.Random;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tgssalt.train.testing.NDManagerExtension;

@ExtendWith(NDManagerExtension.class)
class GridSamplerTest {
    private static final double TOLERANCE = 1e-9;

    @Test
    void zeroOffsetEqualsBilinearUpsampling(NDManager manager) {
        NDArray p = manager.randomNormal(new Shape(2, 5, 17, 17));
        NDArray grid = GridSampler.baseGrid(manager, 2, 129, 129, DataType.FLOAT32);
        NDArray sampled = GridSampler.sample(p, grid);
        NDArray upsampled = BilinearResize.resize(p, 129, 129);
        assertEquals(new Shape(2, 5, 129, 129), sampled.getShape());
        assertArrayEquals(upsampled.toFloatArray(), sampled.toFloatArray(), 1e-5f);
    }

    @Test
    void shiftByOnePixelMovesTheMapAndFillsZeros(NDManager manager) {
        // 1 x 1 x 3 x 4 input; sampling at x + 1 pixel reads the right neighbour.
        float[] values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        NDArray p = manager.create(values, new Shape(1, 1, 3, 4));
        NDArray grid = GridSampler.baseGrid(manager, 1, 3, 4, DataType.FLOAT32);
        NDArray shift = manager.create(new float[] {2f / 3f, 0f}); // one pixel in x: 2 / (W - 1)
        float[] expected = {2, 3, 4, 0, 6, 7, 8, 0, 10, 11, 12, 0};
        assertArrayEquals(expected, GridSampler.sample(p, grid.add(shift)).toFloatArray(), 1e-5f);
        NDArray down = manager.create(new float[] {0f, 1f}); // one pixel in y: 2 / (H - 1)
        float[] expectedDown = {5, 6, 7, 8, 9, 10, 11, 12, 0, 0, 0, 0};
        assertArrayEquals(expectedDown, GridSampler.sample(p, grid.add(down)).toFloatArray(), 1e-5f);
        NDArray half = manager.create(new float[] {-1f / 3f, 0f}); // half a pixel left
        float[] expectedHalf = {0.5f, 1.5f, 2.5f, 3.5f, 2.5f, 5.5f, 6.5f, 7.5f, 4.5f, 9.5f, 10.5f, 11.5f};
        assertArrayEquals(expectedHalf, GridSampler.sample(p, grid.add(half)).toFloatArray(), 1e-5f);
    }

    @Test
    void samplesOutsideTheInputAreZero(NDManager manager) {
        NDArray p = manager.randomNormal(new Shape(1, 3, 5, 5)).add(10f);
        NDArray far = manager.create(new float[] {3f, -3f, -1.6f, 0f, 0f, 2.6f, 1.51f, 1.51f},
                new Shape(1, 1, 4, 2));
        float[] sampled = GridSampler.sample(p, far).toFloatArray();
        assertArrayEquals(new float[12], sampled, 0f);
    }

    @Test
    void agreesWithAPerPixelFormulaOnRandomGrids(NDManager manager) {
        Random random = new Random(11);
        int n = 2;
        int c = 3;
        int h = 5;
        int w = 7;
        int oh = 4;
        int ow = 6;
        double[] input = new double[n * c * h * w];
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextGaussian();
        }
        double[] grid = new double[n * oh * ow * 2];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = random.nextDouble() * 2.6 - 1.3; // partly outside [-1, 1]
        }
        double[] actual = GridSampler.sample(manager.create(input, new Shape(n, c, h, w)),
                manager.create(grid, new Shape(n, oh, ow, 2))).toDoubleArray();
        double[] expected = bruteForce(input, grid, n, c, h, w, oh, ow);
        assertArrayEquals(expected, actual, TOLERANCE);
    }

    @Test
    void gradientsMatchFiniteDifferencesInFloat64(NDManager manager) {
        Random random = new Random(5);
        int n = 2;
        int c = 2;
        int h = 4;
        int w = 5;
        int oh = 3;
        int ow = 3;
        double[] input = new double[n * c * h * w];
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextGaussian();
        }
        double[] grid = new double[n * oh * ow * 2];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = random.nextDouble() * 2.4 - 1.2;
        }
        double[] weights = new double[n * c * oh * ow];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = random.nextGaussian();
        }
        NDArray x = manager.create(input, new Shape(n, c, h, w));
        NDArray g = manager.create(grid, new Shape(n, oh, ow, 2));
        NDArray r = manager.create(weights, new Shape(n, c, oh, ow));
        x.setRequiresGradient(true);
        g.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = GridSampler.sample(x, g).mul(r).sum();
            collector.backward(loss);
        }
        double[] inputGradient = x.getGradient().toDoubleArray();
        double[] gridGradient = g.getGradient().toDoubleArray();
        double step = 1e-6;
        for (int i = 0; i < input.length; i++) {
            double[] plus = input.clone();
            double[] minus = input.clone();
            plus[i] += step;
            minus[i] -= step;
            double numeric = (objective(plus, grid, weights, n, c, h, w, oh, ow)
                    - objective(minus, grid, weights, n, c, h, w, oh, ow)) / (2 * step);
            assertEquals(numeric, inputGradient[i], 1e-6, "input gradient " + i);
        }
        for (int i = 0; i < grid.length; i++) {
            double[] plus = grid.clone();
            double[] minus = grid.clone();
            plus[i] += step;
            minus[i] -= step;
            double numeric = (objective(input, plus, weights, n, c, h, w, oh, ow)
                    - objective(input, minus, weights, n, c, h, w, oh, ow)) / (2 * step);
            assertEquals(numeric, gridGradient[i], 1e-6, "grid gradient " + i);
        }
    }

    private static double objective(double[] input, double[] grid, double[] weights, int n, int c, int h, int w,
            int oh, int ow) {
        double[] y = bruteForce(input, grid, n, c, h, w, oh, ow);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += y[i] * weights[i];
        }
        return sum;
    }

    /** torch grid_sample(bilinear, zeros, align_corners=True), evaluated sample by sample. */
    static double[] bruteForce(double[] input, double[] grid, int n, int c, int h, int w, int oh, int ow) {
        double[] out = new double[n * c * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int g = ((b * oh + i) * ow + j) * 2;
                    double x = (grid[g] + 1) / 2 * (w - 1);
                    double y = (grid[g + 1] + 1) / 2 * (h - 1);
                    int x0 = (int) Math.floor(x);
                    int y0 = (int) Math.floor(y);
                    for (int ch = 0; ch < c; ch++) {
                        double v = 0;
                        for (int dy = 0; dy <= 1; dy++) {
                            for (int dx = 0; dx <= 1; dx++) {
                                int cx = x0 + dx;
                                int cy = y0 + dy;
                                if (cx < 0 || cx >= w || cy < 0 || cy >= h) {
                                    continue;
                                }
                                double weight = (dx == 1 ? x - x0 : 1 - (x - x0)) * (dy == 1 ? y - y0 : 1 - (y - y0));
                                v += weight * input[((b * c + ch) * h + cy) * w + cx];
                            }
                        }
                        out[((b * c + ch) * oh + i) * ow + j] = v;
                    }
                }
            }
        }
        return out;
    }
}

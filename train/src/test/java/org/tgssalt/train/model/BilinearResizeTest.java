package org.tgssalt.train.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;

import java.util.Random;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tgssalt.train.testing.NDManagerExtension;

@ExtendWith(NDManagerExtension.class)
class BilinearResizeTest {

    @Test
    void upsamplesATwoByTwoMapByHand(NDManager manager) {
        // align_corners=True: output 3 samples at source 0, 0.5, 1.
        NDArray x = manager.create(new float[] {0f, 4f, 8f, 12f}, new Shape(1, 1, 2, 2));
        float[] expected = {
            0f, 2f, 4f,
            4f, 6f, 8f,
            8f, 10f, 12f};
        NDArray y = BilinearResize.resize(x, 3, 3);
        assertEquals(new Shape(1, 1, 3, 3), y.getShape());
        assertArrayEquals(expected, y.toFloatArray(), 0f);
    }

    @Test
    void interpolationMatrixOfThreeToFiveByHand() {
        // sources 0, 0.5, 1, 1.5, 2
        float[] expected = {
            1f, 0f, 0f,
            0.5f, 0.5f, 0f,
            0f, 1f, 0f,
            0f, 0.5f, 0.5f,
            0f, 0f, 1f};
        assertArrayEquals(expected, BilinearResize.weights(5, 3), 0f);
        assertArrayEquals(new float[] {1f, 0f, 0f}, BilinearResize.weights(1, 3), 0f);
        assertArrayEquals(new float[] {1f, 1f}, BilinearResize.weights(2, 1), 0f);
    }

    @Test
    void agreesWithAPerPixelFormulaForUpAndDownsampling(NDManager manager) {
        Random random = new Random(3);
        int[][] cases = {{17, 17, 129, 129}, {6, 6, 17, 17}, {5, 7, 9, 4}, {33, 65, 17, 129}, {1, 1, 4, 3}};
        for (int[] c : cases) {
            int n = 2;
            int ch = 3;
            int h = c[0];
            int w = c[1];
            int oh = c[2];
            int ow = c[3];
            double[] values = new double[n * ch * h * w];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextGaussian();
            }
            NDArray x = manager.create(values, new Shape(n, ch, h, w));
            double[] actual = BilinearResize.resize(x, oh, ow).toDoubleArray();
            double[] expected = bruteForce(values, n * ch, h, w, oh, ow);
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-6, "case " + java.util.Arrays.toString(c) + " index " + i);
            }
        }
    }

    @Test
    void keepsTheDataType(NDManager manager) {
        NDArray x = manager.ones(new Shape(1, 1, 3, 3), DataType.FLOAT64);
        assertEquals(DataType.FLOAT64, BilinearResize.resize(x, 5, 5).getDataType());
    }

    /** PyTorch's align_corners=True bilinear formula, evaluated pixel by pixel. */
    static double[] bruteForce(double[] x, int maps, int h, int w, int oh, int ow) {
        double[] y = new double[maps * oh * ow];
        for (int m = 0; m < maps; m++) {
            for (int i = 0; i < oh; i++) {
                double sy = oh == 1 ? 0 : i * (h - 1.0) / (oh - 1.0);
                int y0 = (int) Math.floor(sy);
                int y1 = Math.min(y0 + 1, h - 1);
                double fy = sy - y0;
                for (int j = 0; j < ow; j++) {
                    double sx = ow == 1 ? 0 : j * (w - 1.0) / (ow - 1.0);
                    int x0 = (int) Math.floor(sx);
                    int x1 = Math.min(x0 + 1, w - 1);
                    double fx = sx - x0;
                    int base = m * h * w;
                    y[(m * oh + i) * ow + j] = (1 - fy) * ((1 - fx) * x[base + y0 * w + x0] + fx * x[base + y0 * w + x1])
                            + fy * ((1 - fx) * x[base + y1 * w + x0] + fx * x[base + y1 * w + x1]);
                }
            }
        }
        return y;
    }
}

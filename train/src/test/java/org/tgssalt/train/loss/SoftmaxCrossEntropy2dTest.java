package org.tgssalt.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tgssalt.train.testing.NDManagerExtension;

/** Cross-entropy against values worked out by hand. */
@ExtendWith(NDManagerExtension.class)
class SoftmaxCrossEntropy2dTest {
    private static NDManager manager;
    private final SoftmaxCrossEntropy2d loss = new SoftmaxCrossEntropy2d();

    @BeforeAll
    static void open(NDManager shared) {
        manager = shared;
    }

    @Test
    void matchesHandComputedValue() {
        // Two images of 1x2 pixels; logits channel-first: [image][class][pixel].
        float[] logits = {
            0f, 2f, /* class 1 */ 0f, 0f,
            1f, -1f, /* class 1 */ 3f, 0.5f
        };
        float[] labels = {1, 0, 1, 1};
        // Per pixel -log softmax(label):
        // (0 vs 0) label 1: ln 2; (2 vs 0) label 0: ln(1 + e^-2);
        // (1 vs 3) label 1: ln(1 + e^-2); (-1 vs 0.5) label 1: ln(1 + e^-1.5).
        double expected = (Math.log(2) + 2 * Math.log(1 + Math.exp(-2))
                + Math.log(1 + Math.exp(-1.5))) / 4;
        try (NDManager scope = manager.newSubManager()) {
            float actual = loss.evaluate(scope.create(logits, new Shape(2, 2, 1, 2)),
                    scope.create(labels, new Shape(2, 1, 2))).getFloat();
            assertEquals(expected, actual, 1e-6);
        }
    }

    @Test
    void staysFiniteForLargeLogits() {
        try (NDManager scope = manager.newSubManager()) {
            float actual = loss.evaluate(
                    scope.create(new float[] {1000f, -1000f}, new Shape(1, 2, 1, 1)),
                    scope.create(new float[] {1f}, new Shape(1, 1, 1, 1))).getFloat();
            assertEquals(2000f, actual, 1e-3f);
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        try (NDManager scope = manager.newSubManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loss.evaluate(scope.zeros(new Shape(1, 2, 4, 4)),
                            scope.zeros(new Shape(1, 4, 5))));
            assertTrue(e.getMessage().contains("(1, 4, 5)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> loss.evaluate(scope.zeros(new Shape(1, 3, 4, 4)),
                            scope.zeros(new Shape(1, 4, 4))));
            assertTrue(e.getMessage().contains("[N,2,H,W]"), e.getMessage());
        }
    }
}

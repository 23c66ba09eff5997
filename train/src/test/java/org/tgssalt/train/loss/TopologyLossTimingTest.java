package org.tgssalt.train.loss;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tgssalt.train.testing.NDManagerExtension;

/**
 * Measures the topology loss's forward + backward time at batch 8 and 40 on 129x129 inputs
 * (random VGG19 weights). Reports only, asserts nothing; off by default because it takes minutes
 * on two cores. Run with
 * {@code mvn -pl train -am test -Dtest=TopologyLossTimingTest -Dsurefire.failIfNoSpecifiedTests=false -Dtgs.timing=true}.
 */
@ExtendWith(NDManagerExtension.class)
class TopologyLossTimingTest {

    @Test
    void reportsForwardBackwardTime(NDManager manager) {
        assumeTrue(Boolean.getBoolean("tgs.timing"), "timing runs only with -Dtgs.timing=true");
        try (Vgg19Features vgg = Vgg19Features.random(manager, 1)) {
            TopologyLoss loss = new TopologyLoss(vgg);
            for (int batch : new int[] {8, 40}) {
                Shape shape = new Shape(batch, 1, 129, 129);
                long best = Long.MAX_VALUE;
                for (int repeat = 0; repeat < 3; repeat++) {
                    try (NDManager step = manager.newSubManager();
                            GradientCollector collector =
                                    Engine.getInstance().newGradientCollector()) {
                        NDArray prediction = step.randomUniform(0f, 1f, shape);
                        NDArray label = step.randomUniform(0f, 1f, shape).gt(0.5f);
                        prediction.setRequiresGradient(true);
                        long start = System.nanoTime();
                        collector.backward(loss.evaluate(prediction, label));
                        prediction.getGradient().sum().getFloat(); // wait for the result
                        best = Math.min(best, System.nanoTime() - start);
                    }
                }
                System.out.printf("topology loss forward+backward, batch %d, 129x129: %.2f s"
                        + " (best of 3, %d threads)%n", batch, best / 1e9,
                        Runtime.getRuntime().availableProcessors());
            }
        }
    }
}

package org.tgssalt.train.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tgssalt.train.testing.NDManagerExtension;

/**
 * Measures and prints the time of one f = 2 training step without optimiser at batch 8: training
 * forward, a scalar of both outputs, backward; the times are not asserted, the first layer's gradient
 * is (finite and non-zero). Off by default because it takes minutes on a shared CPU; run with the
 * timing tests' one switch {@code -Dtgs.timing=true} ({@code -Dtgs.timing.batch=40} for the other
 * reference batch size).
 */
@EnabledIfSystemProperty(named = "tgs.timing", matches = "true")
@ExtendWith(NDManagerExtension.class)
class SaltNetStepTimingTest {

    @Test
    void referenceWidthTrainingStep(NDManager manager) {
        int batch = Integer.getInteger("tgs.timing.batch", 8);
        int steps = Integer.getInteger("tgs.timing.steps", 3);
        SaltNet net = new SaltNet(SaltNetConfig.reference());
        net.initialize(manager, DataType.FLOAT32, new Shape(batch, 1, 129, 129));
        ParameterStore store = new ParameterStore(manager, false);
        for (int step = 0; step <= steps; step++) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray image = scope.randomNormal(new Shape(batch, 1, 129, 129));
                double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                long start = System.nanoTime();
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDList out = net.forward(store, new NDList(image), true);
                    long forward = System.nanoTime();
                    NDArray loss = out.get(0).mean().add(out.get(1).mean());
                    collector.backward(loss);
                    long end = System.nanoTime();
                    System.out.printf("f=2 batch %d step %d: forward %.2f s, backward %.2f s, total %.2f s "
                            + "(load average %.1f, %d cores)%n", batch, step, (forward - start) / 1e9,
                            (end - forward) / 1e9, (end - start) / 1e9, load,
                            Runtime.getRuntime().availableProcessors());
                }
                NDArray gradient = net.stem().conv().getParameters().get("weight").getArray().getGradient();
                float size = gradient.abs().sum().getFloat();
                assertTrue(size > 0f && Float.isFinite(size), "finite gradient reaches the first layer, got " + size
                        + " (NaN: is ONEDNN_MAX_CPU_ISA=AVX set? see ConvolutionBackwardTest)");
            }
        }
    }

    @Test
    void guidedUpsamplingAtReferenceWidth(NDManager manager) {
        int batch = Integer.getInteger("tgs.timing.batch", 8);
        GuidedUpsampling gum = new GuidedUpsampling(128, 32, 16, 64, 32);
        Shape x0Shape = new Shape(batch, 32, 129, 129);
        Shape pShape = new Shape(batch, 128, 17, 17);
        gum.initialize(manager, DataType.FLOAT32, x0Shape, pShape);
        ParameterStore store = new ParameterStore(manager, false);
        for (int step = 0; step < 3; step++) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray x0 = scope.randomNormal(x0Shape);
                NDArray p = scope.randomNormal(pShape);
                p.setRequiresGradient(true);
                long start = System.nanoTime();
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray g = gum.forward(store, new NDList(x0, p), true).singletonOrThrow();
                    long forward = System.nanoTime();
                    collector.backward(g.mean());
                    long end = System.nanoTime();
                    System.out.printf("GUM f=2 batch %d: forward %.3f s, backward %.3f s%n", batch,
                            (forward - start) / 1e9, (end - forward) / 1e9);
                }
            }
        }
    }

    @Test
    void gridSamplingAtReferenceSize(NDManager manager) {
        int batch = Integer.getInteger("tgs.timing.batch", 8);
        for (int step = 0; step < 3; step++) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray p = scope.randomNormal(new Shape(batch, 16, 17, 17));
                NDArray offsets = scope.randomNormal(new Shape(batch, 2, 129, 129));
                p.setRequiresGradient(true);
                offsets.setRequiresGradient(true);
                long start = System.nanoTime();
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray g = GridSampler.sample(p, GuidedUpsampling.samplingGrid(offsets));
                    long forward = System.nanoTime();
                    collector.backward(g.mean());
                    long end = System.nanoTime();
                    System.out.printf("grid sampling 16 channels batch %d: forward %.3f s, backward %.3f s%n",
                            batch, (forward - start) / 1e9, (end - forward) / 1e9);
                }
            }
        }
    }
}

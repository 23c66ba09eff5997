package org.tgssalt.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tgssalt.train.loss.LossWeights;
import org.tgssalt.train.loss.SaltLoss;
import org.tgssalt.train.loss.TopologyLoss;
import org.tgssalt.train.loss.Vgg19Features;
import org.tgssalt.train.model.SaltNet;
import org.tgssalt.train.model.SaltNetConfig;
import org.tgssalt.train.testing.NDManagerExtension;

/**
 * A training step's gradients do not depend on when the JVM collects garbage.
 *
 * <p>Why: DJL's PyTorch engine makes arrays from Java data with {@code from_blob} on a direct buffer that
 * only the Java array object keeps alive, and its scalar operators ({@code x.mul(0.4f)}) make such an array
 * for the scalar and close it as soon as the product is computed. Autograd keeps the scalar for the backward
 * pass; if the collector frees the buffer in between, the backward pass multiplies by whatever the allocator
 * wrote there. That happened on real data: a garbage collection between forward and backward corrupted the
 * auxiliary loss weight or the grid sampler's scale, one step's gradient became enormous, and Adam's second
 * moments then held training back for thousands of steps (issue 11). The test computes the gradients of the
 * full network and loss (auxiliary head, GUM, dropout, topology term) twice with the same weights, inputs and
 * dropout seed, once with a forced collection between forward and backward, and requires the same gradients.
 */
@ExtendWith(NDManagerExtension.class)
class GradientMemoryLifetimeTest {

    @Test
    void gradientsAreTheSameWhenGarbageIsCollectedBetweenForwardAndBackward(NDManager manager) {
        try (Vgg19Features vgg = Vgg19Features.random(manager, 5)) {
            Engine.getInstance().setRandomSeed(3);
            SaltNet net = new SaltNet(SaltNetConfig.full(0.25));
            Shape shape = new Shape(2, 1, SaltNet.INPUT_SIZE, SaltNet.INPUT_SIZE);
            net.initialize(manager, DataType.FLOAT32, shape);
            SaltLoss loss = new SaltLoss(LossWeights.REFERENCE, new TopologyLoss(vgg));
            float[] images = new float[(int) shape.size()];
            float[] labels = new float[(int) shape.size()];
            Random random = new Random(11);
            for (int i = 0; i < images.length; i++) {
                images[i] = (float) random.nextGaussian();
                labels[i] = (i / SaltNet.INPUT_SIZE) % SaltNet.INPUT_SIZE > 60 ? 1f : 0f;
            }

            List<float[]> quiet = gradients(net, loss, manager, images, labels, false);
            List<float[]> again = gradients(net, loss, manager, images, labels, false);
            List<float[]> collected = gradients(net, loss, manager, images, labels, true);

            List<String> names = new ArrayList<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    names.add(p.getKey());
                }
            }
            assertEquals(names.size(), quiet.size());
            for (int i = 0; i < quiet.size(); i++) {
                // the first pair shows the step is deterministic, so the second pair's tolerance can be tight
                assertArrayEquals(quiet.get(i), again.get(i), 1e-6f, names.get(i) + ": two quiet runs differ");
                assertArrayEquals(quiet.get(i), collected.get(i), 1e-6f,
                        names.get(i) + ": gradient changed by a garbage collection between forward and backward");
            }
        }
    }

    /** Every trainable parameter's gradient after one forward and backward pass, gradients cleared after. */
    private static List<float[]> gradients(SaltNet net, SaltLoss loss, NDManager manager, float[] images,
            float[] labels, boolean collectBeforeBackward) {
        Engine.getInstance().setRandomSeed(29); // the same dropout masks in every call
        ParameterStore store = new ParameterStore(manager, false);
        try (NDManager scope = manager.newSubManager()) {
            Shape shape = new Shape(2, 1, SaltNet.INPUT_SIZE, SaltNet.INPUT_SIZE);
            NDArray x = scope.create(images, shape);
            NDArray y = scope.create(labels, new Shape(2, SaltNet.INPUT_SIZE, SaltNet.INPUT_SIZE));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList out = net.forward(store, new NDList(x), true);
                NDArray total = loss.evaluate(out.get(0), out.get(1), y).total();
                if (collectBeforeBackward) {
                    FreedNativeMemory.collect();
                }
                collector.backward(total);
            }
        }
        List<float[]> result = new ArrayList<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getValue().requiresGradient()) {
                try (NDArray gradient = p.getValue().getArray().getGradient()) {
                    result.add(gradient.toFloatArray());
                    gradient.set(new NDIndex("..."), 0f);
                }
            }
        }
        return result;
    }
}

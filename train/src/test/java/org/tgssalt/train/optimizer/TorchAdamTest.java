package org.tgssalt.train.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link TorchAdam} against PyTorch's Adam computed by hand, and its state through a save and a load into new
 * parameter objects (new DJL ids, as in a new process).
 */
class TorchAdamTest {
    private static Parameter parameter(String name, NDArray value) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        p.setArray(value);
        return p;
    }

    private static TorchAdam adam(float lr, float weightDecay) {
        return TorchAdam.builder().learningRates(Tracker.fixed(lr)).weightDecay(weightDecay).build();
    }

    /**
     * lr 0.1, weight decay 0.1, w = 1, gradients 0.5 then -0.25, by hand with torch.optim.Adam's formula:
     * step 1: g = 0.5 + 0.1 * 1 = 0.6, m = 0.06, v = 0.00036, w = 1 - 0.1 / 0.1 * 0.06 / (0.0189737 / 0.0316228
     * + 1e-8) = 0.9; step 2: g = -0.25 + 0.1 * 0.9 = -0.16, m = 0.054 - 0.016 = 0.038, v = 0.00035964 + 0.0000256
     * = 0.00038524, w = 0.9 - 0.1 / 0.19 * 0.038 / (sqrt(0.00038524) / sqrt(0.001999) + 1e-8) = 0.8544414.
     */
    @Test
    void twoStepsFollowPyTorchsFormula() throws Exception {
        TorchAdam adam = adam(0.1f, 0.1f);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {1f});
            Parameter p = parameter("w", w);
            adam.update(p.getId(), w, manager.create(new float[] {0.5f}));
            assertEquals(0.9f, w.getFloat(0), 1e-6f);
            adam.update(p.getId(), w, manager.create(new float[] {-0.25f}));
            assertEquals(0.8544414f, w.getFloat(0), 1e-6f);
            assertEquals(2, adam.steps(p.getId()));

            ParameterList list = new ParameterList();
            list.add("w", p);
            ByteArrayOutputStream saved = new ByteArrayOutputStream();
            adam.save(list, saved);
            NDList state = NDList.decode(manager, saved.toByteArray());
            assertEquals(0.038f, state.get("w/mean").getFloat(0), 1e-7f);
            // float32: 1 - 0.999f is 0.00099998713, so v is off by 1.3e-5 relative (5e-9)
            assertEquals(0.00038524f, state.get("w/variance").getFloat(0), 2e-8f);
            assertEquals(2L, state.get("w/step").getLong(0));
        }
    }

    /**
     * Where v is tiny, the place of epsilon matters: PyTorch divides by sqrt(v / (1 - beta2^t)) + eps, so a first
     * step with g = 1e-8 and lr 1 moves w by 1e-8 / (1e-8 + 1e-8) = 0.5. DJL's Adam adds eps before the bias
     * correction and moves it by about 0.03; this test fails with it.
     */
    @Test
    void epsilonIsAddedAfterTheBiasCorrection() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {0f});
            adam(1f, 0f).update("w", w, manager.create(new float[] {1e-8f}));
            assertEquals(-0.5f, w.getFloat(0), 1e-6f);

            NDArray djl = manager.create(new float[] {0f});
            Optimizer.adam().optLearningRateTracker(Tracker.fixed(1f)).build()
                    .update("w", djl, manager.create(new float[] {1e-8f}));
            assertNotEquals(-0.5f, djl.getFloat(0), 0.1f);
        }
    }

    @Test
    void savedStateContinuesExactlyInNewParameters() throws Exception {
        float[][] gradients = new float[5][];
        for (int s = 0; s < gradients.length; s++) {
            gradients[s] = new float[] {0.3f - s, 0.01f * s, -2f + s * s, 0.5f, 1e-6f * s, -0.7f};
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            // the straight optimiser: five steps
            NDArray a = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            NDArray frozen = manager.create(new float[] {7, 8});
            Parameter pa = parameter("a", a);
            Parameter pf = parameter("frozen", frozen);
            ParameterList straightList = new ParameterList();
            straightList.add("a", pa);
            straightList.add("frozen", pf);
            TorchAdam straight = adam(0.01f, 1e-4f);
            ByteArrayOutputStream saved = new ByteArrayOutputStream();
            for (int s = 0; s < 5; s++) {
                if (s == 3) {
                    straight.save(straightList, saved);
                }
                straight.update(pa.getId(), a, manager.create(gradients[s], new Shape(2, 3)));
            }

            // the continued one: the weights after three steps, the saved state, new Parameter objects
            NDArray b = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            TorchAdam first = adam(0.01f, 1e-4f);
            for (int s = 0; s < 3; s++) {
                first.update("other-id", b, manager.create(gradients[s], new Shape(2, 3)));
            }
            Parameter pb = parameter("a", b);
            ParameterList continuedList = new ParameterList();
            continuedList.add("a", pb);
            continuedList.add("frozen", parameter("frozen", manager.create(new float[] {7, 8})));
            TorchAdam continued = adam(0.01f, 1e-4f);
            continued.load(continuedList, new ByteArrayInputStream(saved.toByteArray()));
            assertEquals(3, continued.steps(pb.getId()));
            // a parameter never updated has no state, before and after
            assertEquals(0, continued.steps(continuedList.get(1).getValue().getId()));
            for (int s = 3; s < 5; s++) {
                continued.update(pb.getId(), b, manager.create(gradients[s], new Shape(2, 3)));
            }
            assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
            assertEquals(5, continued.steps(pb.getId()));
        }
    }

    @Test
    void loadRefusesStateThatDoesNotFit() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {1f, 2f});
            Parameter p = parameter("w", w);
            ParameterList list = new ParameterList();
            list.add("w", p);
            TorchAdam adam = adam(0.1f, 0f);
            adam.update(p.getId(), w, manager.create(new float[] {1f, -1f}));
            ByteArrayOutputStream saved = new ByteArrayOutputStream();
            adam.save(list, saved);
            byte[] bytes = saved.toByteArray();

            ParameterList renamed = new ParameterList();
            renamed.add("v", parameter("v", manager.create(new float[] {1f, 2f})));
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> adam(0.1f, 0f).load(renamed, new ByteArrayInputStream(bytes)));
            assertEquals("state for parameter w, which the network does not have", unknown.getMessage());

            ParameterList wider = new ParameterList();
            wider.add("w", parameter("w", manager.create(new float[] {1f, 2f, 3f})));
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                    () -> adam(0.1f, 0f).load(wider, new ByteArrayInputStream(bytes)));
            assertTrue(shape.getMessage().startsWith("w/"), shape.getMessage());
            assertTrue(shape.getMessage().contains("(2), the parameter float32 (3)"), shape.getMessage());

            byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
            assertThrows(IllegalArgumentException.class,
                    () -> adam(0.1f, 0f).load(list, new ByteArrayInputStream(truncated)));
            // a failed load leaves the state as it was
            TorchAdam kept = adam(0.1f, 0f);
            kept.load(list, new ByteArrayInputStream(bytes));
            assertThrows(IllegalArgumentException.class, () -> kept.load(wider, new ByteArrayInputStream(bytes)));
            assertEquals(1, kept.steps(p.getId()));
        }
    }

    @Test
    void builderRefusesWhatPyTorchsAdamDoesNotDo() {
        IllegalArgumentException clip = assertThrows(IllegalArgumentException.class,
                () -> TorchAdam.builder().optClipGrad(1f).build());
        assertTrue(clip.getMessage().contains("clipping"), clip.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TorchAdam.builder().betas(1f, 0.999f).build());
    }
}

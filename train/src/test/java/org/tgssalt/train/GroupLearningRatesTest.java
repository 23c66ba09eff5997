package org.tgssalt.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tgssalt.train.optimizer.TorchAdam;
import org.tgssalt.train.schedule.CosineWithRestarts;
import org.tgssalt.train.schedule.StepSchedule;
import org.tgssalt.train.testing.NDManagerExtension;

@ExtendWith(NDManagerExtension.class)
class GroupLearningRatesTest {
    /**
     * Adam's first step moves every weight by lr * g / (|g| + eps) ~ lr (bias correction makes m/sqrt(v) = sign g),
     * so with weight decay off the main weight moves by 1e-3 and the slow one by 1e-4.
     */
    @Test
    void adamMovesSlowGroupAtATenthOfTheRate(NDManager manager) {
        GroupLearningRates rates = new GroupLearningRates(StepSchedule.REFERENCE, 1e-3, 0.1, Set.of("gum"));
        TorchAdam adam = TorchAdam.builder().learningRates(rates).build();
        NDArray main = manager.create(new float[] {1f, 1f});
        NDArray slow = manager.create(new float[] {1f, 1f});
        NDArray grad = manager.create(new float[] {0.5f, -2f});
        adam.update("main", main, grad);
        adam.update("gum", slow, grad);
        float[] m = main.toFloatArray();
        float[] s = slow.toFloatArray();
        assertEquals(1f - 1e-3f, m[0], 1e-6f);
        assertEquals(1f + 1e-3f, m[1], 1e-6f);
        assertEquals(1f - 1e-4f, s[0], 1e-6f);
        assertEquals(1f + 1e-4f, s[1], 1e-6f);
    }

    @Test
    void epochMovesBothGroupsAlongTheSchedule() {
        GroupLearningRates rates = new GroupLearningRates(CosineWithRestarts.over(100, 2), 1e-3, 0.1, Set.of("g"));
        assertEquals(1e-3f, rates.getNewValue("x", 1), 1e-9f);
        assertEquals(1e-4f, rates.getNewValue("g", 1), 1e-9f);
        rates.setEpoch(25);
        assertEquals(5.5e-4f, rates.getNewValue("x", 7), 1e-9f);
        // the floor 1e-4 is shared, so the slow group stays at 1e-4
        assertEquals(1e-4f, rates.getNewValue("g", 7), 1e-9f);
        GroupLearningRates step = new GroupLearningRates(StepSchedule.REFERENCE, 1e-3, 0.1, Set.of("g"));
        step.setEpoch(50);
        assertEquals(5e-4f, step.rate(), 1e-9f);
        assertEquals(5e-5f, step.slowRate(), 1e-9f);
    }
}

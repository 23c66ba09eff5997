package org.tgssalt.train.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScheduleTest {
    private static final double EPS = 1e-12;

    @Test
    void stepHalvesEveryFiftyEpochs() {
        StepSchedule step = StepSchedule.REFERENCE;
        assertEquals(1e-3, step.rate(1e-3, 0), EPS);
        assertEquals(1e-3, step.rate(1e-3, 49), EPS);
        assertEquals(5e-4, step.rate(1e-3, 50), EPS);
        assertEquals(5e-4, step.rate(1e-3, 99), EPS);
        assertEquals(2.5e-4, step.rate(1e-3, 100), EPS);
        assertEquals(1.25e-5, step.rate(1e-4, 150), EPS);
    }

    @Test
    void cosineRestartsEveryCycle() {
        CosineWithRestarts cosine = CosineWithRestarts.over(400, 8);
        assertEquals(50, cosine.cycleLength());
        assertEquals(1e-3, cosine.rate(1e-3, 0), EPS);
        // half way: m + (lr0 - m) / 2 = 1e-4 + 4.5e-4
        assertEquals(5.5e-4, cosine.rate(1e-3, 25), EPS);
        // last epoch of a cycle: 1e-4 + 9e-4 * (1 + cos(0.98 pi)) / 2 = 1e-4 + 9e-4 * 0.000986636...
        assertEquals(1.0088797e-4, cosine.rate(1e-3, 49), 1e-11);
        assertEquals(1e-3, cosine.rate(1e-3, 50), EPS);
        assertEquals(5.5e-4, cosine.rate(1e-3, 375), EPS);
        // the GUM group (0.1 x 1e-3) sits on the shared floor and stays there
        assertEquals(1e-4, cosine.rate(1e-4, 13), EPS);
    }

    @Test
    void cosineCycleLengthIsWholeEpochs() {
        assertEquals(3, CosineWithRestarts.over(10, 3).cycleLength());
        assertEquals(1, CosineWithRestarts.over(2, 5).cycleLength());
    }
}

package org.tgssalt.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LossJumpMonitorTest {
    private static final int WINDOW = LossJumpMonitor.SHORT + LossJumpMonitor.LONG;

    /** Feeds losses (gradient norm 1 unless given) and returns the steps (0-based) that warned. */
    private static List<Integer> warnings(double[] losses, double[] norms) {
        LossJumpMonitor monitor = new LossJumpMonitor();
        List<Integer> warned = new ArrayList<>();
        for (int i = 0; i < losses.length; i++) {
            Optional<String> w = monitor.observe("step " + i, losses[i], norms == null ? 1 : norms[i]);
            if (w.isPresent()) {
                warned.add(i);
            }
        }
        return warned;
    }

    @Test
    void aFallingNoisyLossGivesNoWarning() {
        double[] losses = new double[500];
        for (int i = 0; i < losses.length; i++) {
            // +-20% batch noise around a falling curve
            losses[i] = (1.6 - i / 1000.0) * (1 + 0.2 * Math.sin(i * 2.1));
        }
        assertEquals(List.of(), warnings(losses, null));
    }

    @Test
    void aSustainedJumpWarnsOnceWhenTheShortMeanCrossesTheFactor() {
        double[] losses = new double[300];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = i < 150 ? 0.9 : 1.3;
        }
        // mean of the last 10 with k high steps: (0.9 (10-k) + 1.3 k) / 10 > 1.25 * 0.9 = 1.125 first at k = 6
        assertEquals(List.of(155), warnings(losses, null));
    }

    @Test
    void oneGradientSpikeWarnsAndIsNotCountedTwice() {
        double[] losses = new double[200];
        double[] norms = new double[200];
        java.util.Arrays.fill(losses, 1.0);
        java.util.Arrays.fill(norms, 2.0);
        norms[100] = 2.0 * LossJumpMonitor.NORM_FACTOR + 1;
        norms[120] = 1e16; // inside the quiet period that follows a warning
        assertEquals(List.of(100), warnings(losses, norms));
    }

    @Test
    void nothingIsSaidBeforeTheWindowIsFull() {
        double[] losses = new double[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            losses[i] = i < WINDOW / 2 ? 0.5 : 5.0;
        }
        assertTrue(warnings(losses, null).isEmpty());
    }
}

package org.tgssalt.export.threshold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.metric.KaggleMetric;
import org.tgssalt.oof.OutOfFoldProbabilities;

class ThresholdTunerTest {
    private static final int S = KaggleImage.SIDE;

    /** Probabilities that are the truth blurred towards 0.62: salt pixels near 0.62..0.9, others below. */
    private static OutOfFoldProbabilities sample(Map<String, BinaryMask> truth, int images, long seed) {
        Random random = new Random(seed);
        List<String> ids = new ArrayList<>();
        float[] values = new float[images * S * S];
        for (int i = 0; i < images; i++) {
            String id = "img" + i;
            ids.add(id);
            boolean[] salt = new boolean[S * S];
            int boundary = random.nextInt(S + 20) - 10;
            for (int y = 0; y < S; y++) {
                for (int x = 0; x < S; x++) {
                    salt[y * S + x] = y >= boundary;
                    double p = salt[y * S + x] ? 0.6 + 0.3 * random.nextDouble() : 0.65 * random.nextDouble();
                    values[i * S * S + y * S + x] = (float) p;
                }
            }
            truth.put(id, new BinaryMask(S, S, salt));
        }
        return new OutOfFoldProbabilities(ids, values);
    }

    @Test
    void matchesBruteForceKaggleMetricAtEveryThreshold() {
        Map<String, BinaryMask> truth = new HashMap<>();
        OutOfFoldProbabilities oof = sample(truth, 12, 3);
        ThresholdTuner.Tuning tuning = ThresholdTuner.tune(oof, truth::get);
        List<Double> thresholds = ThresholdTuner.thresholds();
        assertEquals(41, thresholds.size());
        assertEquals(0.30, thresholds.get(0));
        assertEquals(0.5, thresholds.get(20));
        assertEquals(0.70, thresholds.get(40));
        for (int j = 0; j < thresholds.size(); j++) {
            double t = thresholds.get(j);
            Map<String, BinaryMask> predicted = new HashMap<>();
            for (int i = 0; i < oof.size(); i++) {
                float[] p = oof.probabilities(i);
                boolean[] salt = new boolean[p.length];
                for (int k = 0; k < p.length; k++) {
                    salt[k] = p[k] >= t;
                }
                predicted.put(oof.ids().get(i), new BinaryMask(S, S, salt));
            }
            double expected = KaggleMetric.evaluate(truth, predicted).score();
            assertEquals(expected, tuning.scores().get(j), 1e-12, "threshold " + t);
        }
        double best = tuning.scores().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertEquals(best, tuning.score());
        assertEquals(tuning.scores().get(20), tuning.defaultScore());
        assertTrue(tuning.threshold() >= 0.60 && tuning.threshold() <= 0.65, "best near the gap: " + tuning.threshold());
        assertTrue(tuning.gain() > 0, tuning.summary());
    }

    @Test
    void probabilitiesExactlyOnAThresholdCountAsSalt() {
        double[] t = ThresholdTuner.thresholds().stream().mapToDouble(Double::doubleValue).toArray();
        assertEquals(21, ThresholdTuner.thresholdsBelow(0.5f, t));
        assertEquals(0, ThresholdTuner.thresholdsBelow(0.2999f, t));
        assertEquals(41, ThresholdTuner.thresholdsBelow(0.95f, t));
        float justBelow = Math.nextDown((float) 0.62);
        int expected = 0;
        for (double v : t) {
            expected += justBelow >= v ? 1 : 0;
        }
        assertEquals(expected, ThresholdTuner.thresholdsBelow(justBelow, t));
    }
}

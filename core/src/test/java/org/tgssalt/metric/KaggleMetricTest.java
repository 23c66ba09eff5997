package org.tgssalt.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tgssalt.InputException;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.testing.AsciiMask;

class KaggleMetricTest {
    private static BinaryMask mask(String... rows) {
        return AsciiMask.of(rows);
    }

    private static final BinaryMask EMPTY = mask("...", "...", "...");
    private static final BinaryMask BLOCK = mask("##.", "##.", "...");

    @Test
    void emptyAndNonEmptyCombinations() {
        assertEquals(1.0, KaggleMetric.imageScore(EMPTY, EMPTY));
        assertEquals(0.0, KaggleMetric.imageScore(EMPTY, mask("...", ".#.", "...")));
        assertEquals(0.0, KaggleMetric.imageScore(BLOCK, EMPTY));
        assertEquals(1.0, KaggleMetric.imageScore(BLOCK, BLOCK));
        assertEquals(0.0, KaggleMetric.imageScore(BLOCK, mask("...", "...", "..#")));
    }

    @Test
    void iouExactlyOnAThresholdDoesNotPass() {
        // IoU 1/2: equal to 0.50, so no threshold passes.
        assertEquals(0.0, KaggleMetric.imageScore(mask("##.", "...", "..."), mask("#..", "...", "...")));
        // IoU 3/4: passes 0.50..0.70 (five), not 0.75.
        assertEquals(0.5, KaggleMetric.imageScore(BLOCK, mask("##.", "#..", "...")));
        // From counts: 11/20 = 0.55 passes 0.50 only; 3/5 = 0.60 passes 0.50 and 0.55;
        // 7/10 = 0.70 passes four; 4/5 passes six; 19/20 = 0.95 passes nine.
        assertEquals(1, KaggleMetric.hits(11, 20, 11));
        assertEquals(2, KaggleMetric.hits(5, 3, 3));
        assertEquals(4, KaggleMetric.hits(10, 7, 7));
        assertEquals(6, KaggleMetric.hits(4, 5, 4));
        assertEquals(9, KaggleMetric.hits(20, 19, 19));
        assertEquals(10, KaggleMetric.hits(20, 20, 20));
        // Just above a threshold passes it: 551/1000 > 0.55.
        assertEquals(2, KaggleMetric.hits(1000, 551, 551));
    }

    @Test
    void smallDataSetScoredByHand() {
        Map<String, BinaryMask> truth = Map.of(
                "a", EMPTY,                           // predicted empty: 1
                "b", EMPTY,                           // predicted one pixel: 0
                "c", BLOCK,                           // predicted exactly: 1
                "d", BLOCK,                           // predicted 3 of 4: IoU 0.75 -> 0.5
                "e", mask("#..", "#..", "..."));      // predicted empty: 0
        Map<String, BinaryMask> predicted = Map.of(
                "a", EMPTY,
                "b", mask("..#", "...", "..."),
                "c", BLOCK,
                "d", mask(".#.", "##.", "..."),
                "e", EMPTY);
        MetricReport report = KaggleMetric.evaluate(truth, predicted, "truth", "sub.csv");
        assertEquals(0.5, report.score(), 1e-15); // (1 + 0 + 1 + 0.5 + 0) / 5
        assertEquals(List.of(0.6, 0.6, 0.6, 0.6, 0.6, 0.4, 0.4, 0.4, 0.4, 0.4), report.precisionAtThreshold());
        assertEquals(1, report.truthEmptyPredictedEmpty());
        assertEquals(1, report.truthEmptyPredictedSalt());
        assertEquals(1, report.truthSaltPredictedEmpty());
        assertEquals(2, report.truthSaltPredictedSalt());
        assertEquals(List.of("a", "b", "c", "d", "e"), report.images().stream().map(ImageScore::id).toList());
        assertEquals(new ImageScore("d", 4, 3, 3, 0.5), report.images().get(3));
        assertEquals(0.75, report.images().get(3).iou());
        assertEquals(report, KaggleMetric.evaluate(truth, predicted));
    }

    @Test
    void missingIdsOnEitherSideAreListed() {
        Map<String, BinaryMask> truth = Map.of("a", EMPTY, "b", EMPTY, "c", EMPTY);
        Map<String, BinaryMask> predicted = Map.of("b", EMPTY, "c", EMPTY, "d", EMPTY, "e", EMPTY);
        InputException e = assertThrows(InputException.class,
                () -> KaggleMetric.evaluate(truth, predicted, "train/masks", "sub.csv"));
        assertEquals("sub.csv: 1 ids of train/masks have no prediction: a; 2 ids are not in train/masks: d, e",
                e.getMessage());
    }

    @Test
    void agreesWithFloatingPointIouAwayFromTies() {
        Random random = new Random(5);
        double[] thresholds = KaggleMetric.thresholds().stream().mapToDouble(Double::doubleValue).toArray();
        for (int trial = 0; trial < 2000; trial++) {
            int truthArea = random.nextInt(200);
            int predictedArea = random.nextInt(200);
            int intersection = Math.min(truthArea, predictedArea) == 0 ? 0
                    : random.nextInt(Math.min(truthArea, predictedArea) + 1);
            int union = truthArea + predictedArea - intersection;
            int expected;
            if (union == 0) {
                expected = 10;
            } else if (truthArea == 0 || predictedArea == 0) {
                expected = 0;
            } else {
                double iou = (double) intersection / union;
                expected = 0;
                for (double t : thresholds) {
                    if (Math.abs(iou - t) < 1e-9) {
                        expected = -1; // a tie: the exact test above covers it
                        break;
                    }
                    expected += iou > t ? 1 : 0;
                }
            }
            if (expected >= 0) {
                assertEquals(expected, KaggleMetric.hits(truthArea, predictedArea, intersection),
                        truthArea + " " + predictedArea + " " + intersection);
            }
        }
    }
}

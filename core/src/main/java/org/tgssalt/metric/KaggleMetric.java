package org.tgssalt.metric;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tgssalt.InputException;
import org.tgssalt.image.BinaryMask;

/**
 * The TGS Salt competition metric. Per image: the IoU of predicted and true mask; at each threshold
 * t in 0.50, 0.55, ..., 0.95 the image scores 1 if IoU &gt; t, else 0; both masks empty scores 1 at
 * every threshold and exactly one empty scores 0. The image's score is the mean over the ten
 * thresholds, the data set's the mean over images.
 *
 * <p>Comparisons are exact integer arithmetic: IoU &gt; t/100 is {@code 100 * intersection > t * union},
 * so an IoU exactly on a threshold (e.g. 1/2 at 0.50) does not count, with no floating-point doubt.
 * Stateless and thread-safe.
 */
public final class KaggleMetric {
    /** The thresholds in hundredths: 50, 55, ..., 95. */
    private static final int[] THRESHOLD_PERCENT = {50, 55, 60, 65, 70, 75, 80, 85, 90, 95};

    private KaggleMetric() {}

    /** The ten IoU thresholds 0.50, 0.55, ..., 0.95. */
    public static List<Double> thresholds() {
        List<Double> t = new ArrayList<>();
        for (int p : THRESHOLD_PERCENT) {
            t.add(p / 100.0);
        }
        return List.copyOf(t);
    }

    /** Number of thresholds (10). */
    public static int thresholdCount() {
        return THRESHOLD_PERCENT.length;
    }

    /** How many of the ten thresholds an image with these counts passes (0..10). */
    public static int hits(int truthArea, int predictedArea, int intersection) {
        if (truthArea == 0 && predictedArea == 0) {
            return THRESHOLD_PERCENT.length;
        }
        if (truthArea == 0 || predictedArea == 0) {
            return 0;
        }
        long union = (long) truthArea + predictedArea - intersection;
        int n = 0;
        for (int t : THRESHOLD_PERCENT) {
            if (100L * intersection > (long) t * union) {
                n++;
            }
        }
        return n;
    }

    /** Whether an image with these counts passes threshold {@code index} (0 for 0.50 .. 9 for 0.95). */
    public static boolean hit(int truthArea, int predictedArea, int intersection, int index) {
        if (truthArea == 0 || predictedArea == 0) {
            return truthArea == predictedArea;
        }
        long union = (long) truthArea + predictedArea - intersection;
        return 100L * intersection > (long) THRESHOLD_PERCENT[index] * union;
    }

    /** The image score from counts: hits / 10. */
    public static double imageScore(int truthArea, int predictedArea, int intersection) {
        return hits(truthArea, predictedArea, intersection) / (double) THRESHOLD_PERCENT.length;
    }

    /** The image score of a prediction against the truth (same size). */
    public static double imageScore(BinaryMask truth, BinaryMask predicted) {
        return score("", truth, predicted).score();
    }

    /** Scores one image. */
    public static ImageScore score(String id, BinaryMask truth, BinaryMask predicted) {
        if (truth.width() != predicted.width() || truth.height() != predicted.height()) {
            throw new IllegalArgumentException("image " + id + ": truth is " + truth.width() + "x" + truth.height()
                    + ", prediction " + predicted.width() + "x" + predicted.height());
        }
        boolean[] t = truth.pixels();
        boolean[] p = predicted.pixels();
        int truthArea = 0;
        int predictedArea = 0;
        int intersection = 0;
        for (int i = 0; i < t.length; i++) {
            truthArea += t[i] ? 1 : 0;
            predictedArea += p[i] ? 1 : 0;
            intersection += t[i] && p[i] ? 1 : 0;
        }
        return new ImageScore(id, truthArea, predictedArea, intersection,
                imageScore(truthArea, predictedArea, intersection));
    }

    /** Scores a data set whose two sides hold the same ids; errors call them "truth" and "predictions". */
    public static MetricReport evaluate(Map<String, BinaryMask> truth, Map<String, BinaryMask> predicted) {
        return evaluate(truth, predicted, "truth", "predictions");
    }

    /**
     * Scores a data set. Both maps must hold the same ids.
     *
     * @param truthSource names the truth in errors (e.g. the dataset root)
     * @param predictedSource names the predictions in errors (e.g. the submission file)
     * @throws InputException when ids are missing on either side, listing them
     */
    public static MetricReport evaluate(Map<String, BinaryMask> truth, Map<String, BinaryMask> predicted,
            String truthSource, String predictedSource) {
        TreeSet<String> missingPredictions = new TreeSet<>(truth.keySet());
        missingPredictions.removeAll(predicted.keySet());
        TreeSet<String> unknown = new TreeSet<>(predicted.keySet());
        unknown.removeAll(truth.keySet());
        if (!missingPredictions.isEmpty() || !unknown.isEmpty()) {
            List<String> parts = new ArrayList<>();
            if (!missingPredictions.isEmpty()) {
                parts.add(missingPredictions.size() + " ids of " + truthSource + " have no prediction: "
                        + list(missingPredictions));
            }
            if (!unknown.isEmpty()) {
                parts.add(unknown.size() + " ids are not in " + truthSource + ": " + list(unknown));
            }
            throw new InputException(predictedSource, String.join("; ", parts));
        }
        if (truth.isEmpty()) {
            throw new InputException(predictedSource, "no images to score");
        }
        SortedMap<String, BinaryMask> sorted = new TreeMap<>(truth);
        List<ImageScore> scores = new ArrayList<>(sorted.size());
        sorted.forEach((id, mask) -> scores.add(score(id, mask, predicted.get(id))));
        return MetricReport.of(scores);
    }

    private static String list(TreeSet<String> ids) {
        int shown = 20;
        String head = String.join(", ", ids.stream().limit(shown).toList());
        return ids.size() > shown ? head + ", ... (" + (ids.size() - shown) + " more)" : head;
    }
}

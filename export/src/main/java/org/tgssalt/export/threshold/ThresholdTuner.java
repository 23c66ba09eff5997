package org.tgssalt.export.threshold;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.tgssalt.InputException;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.Threshold;
import org.tgssalt.metric.KaggleMetric;
import org.tgssalt.oof.OutOfFoldProbabilities;

/**
 * Picks the mask threshold that maximises the Kaggle metric on out-of-fold probabilities: every
 * threshold {@code 0.30, 0.31, ..., 0.70} is tried (a pixel is salt when its probability is at least
 * the threshold, as the scorer decides), one pass over the pixels for all thresholds at once.
 * Ties go to the threshold nearest 0.5.
 */
public final class ThresholdTuner {
    /** Lowest threshold tried. */
    public static final double LOWEST = 0.30;
    /** Step between thresholds. */
    public static final double STEP = 0.01;
    /** Number of thresholds tried (0.30 .. 0.70). */
    public static final int COUNT = 41;
    /** The untuned threshold. */
    public static final double DEFAULT = 0.5;

    private ThresholdTuner() {
    }

    /**
     * The outcome.
     *
     * @param threshold the best threshold
     * @param score the mean Kaggle score there
     * @param defaultScore the mean score at 0.5
     * @param images how many images were scored
     * @param scores the score at each threshold, {@link #thresholds()} order
     */
    public record Tuning(double threshold, double score, double defaultScore, int images, List<Double> scores) {
        /** Score gained over the default threshold. */
        public double gain() {
            return score - defaultScore;
        }

        /** One line for people and for the manifest's {@code tunedFrom}. */
        public String summary() {
            return String.format(Locale.ROOT, "out-of-fold probabilities, %d images: mAP %.4f at %.2f vs %.4f at 0.50 "
                    + "(gain %+.4f)", images, score, threshold, defaultScore, gain());
        }
    }

    /** The thresholds tried, in order. */
    public static List<Double> thresholds() {
        List<Double> list = new ArrayList<>(COUNT);
        for (int j = 0; j < COUNT; j++) {
            list.add(threshold(j));
        }
        return list;
    }

    private static double threshold(int j) {
        // Rounded to two decimals so 0.50 is exactly the double 0.5 the scorer uses by default.
        return Math.round((LOWEST + j * STEP) * 100) / 100.0;
    }

    /**
     * The {@code tune-threshold} step: tunes on a training run's out-of-fold probabilities
     * ({@code CHECKPOINTS/fold-K/oof}) against {@code data}'s true masks (its mask PNGs, or
     * {@code train.csv} when there are none) and writes the tuned threshold into {@code manifestFile}.
     *
     * @throws InputException naming the file when a fold, a mask or the manifest is missing or malformed
     */
    public static Tuning tuneAndRecord(Path checkpoints, Path manifestFile, TgsDataset data) throws IOException {
        EnsembleManifest manifest = EnsembleManifest.read(manifestFile);
        OutOfFoldProbabilities oof = OutOfFoldProbabilities.readRun(checkpoints);
        boolean masks = Files.isDirectory(data.trainMasksDir());
        Map<String, BinaryMask> csvMasks = masks ? null : data.trainCsvMasks();
        Tuning tuning = tune(oof, id -> {
            BinaryMask mask = masks ? data.trainMask(id) : csvMasks.get(id);
            if (mask == null) {
                throw new InputException(data.trainCsv().toString(), "no mask for out-of-fold id " + id);
            }
            return mask;
        });
        manifest.withThreshold(Threshold.tuned(tuning.threshold(), tuning.summary())).write(manifestFile);
        return tuning;
    }

    /**
     * Tunes on {@code oof}; {@code truth} gives each id's true mask.
     *
     * @throws IllegalArgumentException when there are no images
     */
    public static Tuning tune(OutOfFoldProbabilities oof, Function<String, BinaryMask> truth) {
        if (oof.size() == 0) {
            throw new IllegalArgumentException("no out-of-fold images to tune on");
        }
        double[] thresholds = thresholds().stream().mapToDouble(Double::doubleValue).toArray();
        double[] sums = new double[COUNT];
        int[] area = new int[COUNT + 1];
        int[] intersection = new int[COUNT + 1];
        for (int i = 0; i < oof.size(); i++) {
            float[] p = oof.probabilities(i);
            boolean[] salt = truth.apply(oof.ids().get(i)).pixels();
            if (salt.length != p.length) {
                throw new IllegalArgumentException("mask of " + oof.ids().get(i) + " has " + salt.length
                        + " pixels, the probabilities " + p.length);
            }
            java.util.Arrays.fill(area, 0);
            java.util.Arrays.fill(intersection, 0);
            int truthArea = 0;
            for (int k = 0; k < p.length; k++) {
                int above = thresholdsBelow(p[k], thresholds);
                area[above]++;
                if (salt[k]) {
                    intersection[above]++;
                    truthArea++;
                }
            }
            // area[m] counts pixels at or above exactly m thresholds; salt at threshold j needs m > j.
            int predicted = 0;
            int inter = 0;
            for (int j = COUNT - 1; j >= 0; j--) {
                predicted += area[j + 1];
                inter += intersection[j + 1];
                sums[j] += KaggleMetric.imageScore(truthArea, predicted, inter);
            }
        }
        List<Double> scores = new ArrayList<>(COUNT);
        int best = -1;
        int defaultIndex = -1;
        for (int j = 0; j < COUNT; j++) {
            double s = sums[j] / oof.size();
            scores.add(s);
            if (thresholds[j] == DEFAULT) {
                defaultIndex = j;
            }
            if (best < 0 || s > scores.get(best)
                    || (s == scores.get(best) && Math.abs(thresholds[j] - DEFAULT) < Math.abs(thresholds[best] - DEFAULT))) {
                best = j;
            }
        }
        return new Tuning(thresholds[best], scores.get(best), scores.get(defaultIndex), oof.size(), scores);
    }

    /** How many thresholds {@code t} satisfy {@code p >= t} (they are ascending). */
    static int thresholdsBelow(float p, double[] thresholds) {
        int guess = (int) Math.floor((p - LOWEST) / STEP) + 1;
        int m = Math.max(0, Math.min(thresholds.length, guess));
        while (m > 0 && !(p >= thresholds[m - 1])) {
            m--;
        }
        while (m < thresholds.length && p >= thresholds[m]) {
            m++;
        }
        return m;
    }
}

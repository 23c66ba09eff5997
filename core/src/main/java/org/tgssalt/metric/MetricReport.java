package org.tgssalt.metric;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tgssalt.dataset.CsvTable;

/**
 * The Kaggle metric over a data set: the score, the precision at each threshold, the empty /
 * non-empty confusion counts, and each image's result.
 *
 * @param score mean image score
 * @param precisionAtThreshold fraction of images passing each threshold, for 0.50 .. 0.95
 * @param truthEmptyPredictedEmpty images with no salt, predicted empty (each scores 1)
 * @param truthEmptyPredictedSalt images with no salt, predicted with salt (each scores 0)
 * @param truthSaltPredictedEmpty images with salt, predicted empty (each scores 0)
 * @param truthSaltPredictedSalt images with salt, predicted with salt (scored by IoU)
 * @param images every image's result, sorted by id
 */
public record MetricReport(double score, List<Double> precisionAtThreshold, int truthEmptyPredictedEmpty,
        int truthEmptyPredictedSalt, int truthSaltPredictedEmpty, int truthSaltPredictedSalt,
        List<ImageScore> images) {
    /** The per-image CSV columns. */
    public static final List<String> PER_IMAGE_HEADER =
            List.of("id", "score", "iou", "truth_area", "predicted_area", "intersection");

    public MetricReport {
        precisionAtThreshold = List.copyOf(precisionAtThreshold);
        images = List.copyOf(images);
    }

    /** Builds the report from image results (at least one). */
    public static MetricReport of(List<ImageScore> images) {
        int n = KaggleMetric.thresholdCount();
        long[] passed = new long[n];
        double sum = 0;
        int[] confusion = new int[4];
        for (ImageScore s : images) {
            sum += s.score();
            for (int i = 0; i < n; i++) {
                if (KaggleMetric.hit(s.truthArea(), s.predictedArea(), s.intersection(), i)) {
                    passed[i]++;
                }
            }
            confusion[(s.truthArea() > 0 ? 2 : 0) + (s.predictedArea() > 0 ? 1 : 0)]++;
        }
        List<Double> precision = new ArrayList<>();
        for (long p : passed) {
            precision.add((double) p / images.size());
        }
        return new MetricReport(sum / images.size(), precision, confusion[0], confusion[1], confusion[2],
                confusion[3], images);
    }

    /** A few lines for a person: score, precision per threshold, confusion counts. */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "score %.6f over %d images%n", score, images.size()));
        List<Double> thresholds = KaggleMetric.thresholds();
        for (int i = 0; i < thresholds.size(); i++) {
            b.append(String.format(Locale.ROOT, "precision at IoU > %.2f: %.6f%n", thresholds.get(i),
                    precisionAtThreshold.get(i)));
        }
        b.append(String.format(Locale.ROOT, "truth empty, predicted empty: %d%n", truthEmptyPredictedEmpty));
        b.append(String.format(Locale.ROOT, "truth empty, predicted salt:  %d%n", truthEmptyPredictedSalt));
        b.append(String.format(Locale.ROOT, "truth salt,  predicted empty: %d%n", truthSaltPredictedEmpty));
        b.append(String.format(Locale.ROOT, "truth salt,  predicted salt:  %d%n", truthSaltPredictedSalt));
        return b.toString();
    }

    /** Writes each image's result as CSV ({@link #PER_IMAGE_HEADER}), sorted by id, atomically. */
    public void writePerImage(Path file) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (ImageScore s : images) {
            rows.add(List.of(s.id(), String.format(Locale.ROOT, "%.2f", s.score()),
                    String.format(Locale.ROOT, "%.6f", s.iou()), Integer.toString(s.truthArea()),
                    Integer.toString(s.predictedArea()), Integer.toString(s.intersection())));
        }
        CsvTable.write(file, PER_IMAGE_HEADER, rows);
    }
}

package org.tgssalt.spark;

import java.nio.file.Path;
import org.tgssalt.scoring.OnError;

/**
 * What {@code spark-score} scores and where the results go.
 *
 * @param models the ensemble ({@link SaltSegmenter#modelsPath()} syntax: a Hadoop path or {@code sparkfiles:NAME})
 * @param images a folder of PNGs or a glob, as a Hadoop path
 * @param submission the submission CSV on the driver's file system; the JSON report goes beside it
 * @param parquet a Hadoop folder for Parquet (id, rle_mask, salt_fraction), or null for none
 * @param partitions partitions to score in, or 0 for Spark's split of the files
 * @param onError what to do with an unreadable image
 * @param segmenter how the ensemble runs (its models path is set from {@code models})
 */
public record SparkScoreSettings(String models, String images, Path submission, String parquet, int partitions,
        OnError onError, SaltSegmenter segmenter) {
    public SparkScoreSettings {
        if (models == null || images == null || submission == null || onError == null || segmenter == null) {
            throw new IllegalArgumentException("models, images, submission, onError and segmenter are required");
        }
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be positive (or 0 for Spark's choice), got "
                    + partitions);
        }
    }

    /** The JSON report's path: beside the submission, {@code NAME.report.json} (as {@code score} names it). */
    public Path report() {
        String name = submission.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return submission.resolveSibling(stem + ".report.json");
    }
}

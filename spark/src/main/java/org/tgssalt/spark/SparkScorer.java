package org.tgssalt.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.tgssalt.InputException;
import org.tgssalt.dataset.SubmissionCsv;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.scoring.FolderScorer;
import org.tgssalt.scoring.ImageFolder;
import org.tgssalt.scoring.OnError;
import org.tgssalt.scoring.ScoreReport;
import org.tgssalt.scoring.SkippedImage;

/**
 * Scores a folder (or glob) of PNGs on Spark into a Kaggle submission, as {@code score} does on one
 * machine: checks the submission path and, on the driver, the models; lists the images under {@code score}'s
 * rules ({@link ImageListing}: the same refusals and skips, with the same messages); reads them in partitions
 * of equal image counts ({@link ImageReads}); scores every partition through {@link SaltSegmenter}; and writes,
 * once every image is scored, the optional Parquet folder, the submission CSV ({@code id,rle_mask}, sorted
 * by id, atomic: byte for byte what {@code score} writes for the same images and options) and the JSON
 * report beside it.
 *
 * <pre>{@code
 * try (SparkSession spark = SparkSession.builder().master("local[2]").getOrCreate()) {
 *     SparkScoreReport report = new SparkScorer(spark).score(new SparkScoreSettings("hdfs:///tgs/models",
 *             "hdfs:///tgs/test/images", Path.of("submission.csv"), null, 0, OnError.FAIL, new SaltSegmenter()));
 * }
 * }</pre>
 *
 * <p>With {@link OnError#FAIL} a bad image fails the job and the {@link InputException} naming it is
 * rethrown on the driver, nothing written; with {@link OnError#SKIP} the report lists the bad images. The
 * driver holds one short row per image (id, mask encoding). Not thread-safe; the session is the caller's.
 */
public final class SparkScorer {
    private final SparkSession spark;
    private final Consumer<String> notes;
    private final TaskFault fault;

    /** A scorer whose one-line notes for the user (files of other image formats) go to standard error. */
    public SparkScorer(SparkSession spark) {
        this(spark, System.err::println);
    }

    /**
     * @param spark the session to score in (the caller owns it)
     * @param notes where one-line notes for the user go, as {@code score}'s
     */
    public SparkScorer(SparkSession spark, Consumer<String> notes) {
        this(spark, notes, null);
    }

    /** A scorer whose tasks run {@code fault} before each batch (tests make tasks fail with it). */
    SparkScorer(SparkSession spark, Consumer<String> notes, TaskFault fault) {
        this.spark = spark;
        this.notes = notes;
        this.fault = fault;
    }

    /**
     * Runs the scoring.
     *
     * @throws InputException naming the image, folder, manifest, graph or output path at fault
     * @throws IOException when listing the images or writing the outputs fails
     */
    public SparkScoreReport score(SparkScoreSettings settings) throws IOException {
        long start = System.nanoTime();
        FolderScorer.checkWritable(settings.submission());
        SaltSegmenter segmenter = settings.segmenter().copy(ParamMap.empty()).setModelsPath(settings.models())
                .setOnError(settings.onError().name().toLowerCase(Locale.ROOT))
                .setInputCol(ImageReads.SCHEMA.fieldNames()[1]).setPathCol(ImageReads.SCHEMA.fieldNames()[0]);
        segmenter.checkModels(spark);
        ImageListing listing = ImageListing.list(settings.images(), spark.sparkContext().hadoopConfiguration());
        ImageFolder folder = listing.folder();
        // score's rules on the driver, before any task: the same folder gets the same refusal or skips.
        FolderScorer.failOnBad(folder.unusable(), settings.onError());
        String otherFormats = FolderScorer.otherFormatsNote(folder);
        if (otherFormats != null) {
            notes.accept(otherFormats);
        }
        int partitions = settings.partitions() > 0 ? settings.partitions()
                : ImageReads.defaultPartitions(folder.scorable().size(), spark.sparkContext().defaultParallelism());
        Dataset<Row> images = ImageReads.rows(spark, listing.uris(), partitions);
        CollectionAccumulator<ExecutorFacts> facts = spark.sparkContext().collectionAccumulator("tgs executors");
        JavaRDD<Row> scored = segmenter.scoreChecked(images, facts, fault)
                .select(segmenter.getOrDefault(segmenter.pathCol()), segmenter.getOrDefault(segmenter.idCol()),
                        segmenter.getOrDefault(segmenter.rleCol()), segmenter.getOrDefault(segmenter.saltPixelsCol()),
                        segmenter.getOrDefault(segmenter.errorCol()))
                .javaRDD();
        Map<String, String> locations = listing.locationsByUri();
        Results results = Results.of(collect(scored, locations), locations, folder.unusable());
        if (results.encodings().isEmpty()) {
            throw new InputException(settings.images(), "none of the " + folder.images()
                    + " images could be scored; see the reasons with --on-error fail");
        }
        if (settings.parquet() != null) {
            writeParquet(results, settings.parquet());
        }
        SubmissionCsv.writeEncodings(settings.submission(), results.encodings());
        double seconds = (System.nanoTime() - start) / 1e9;
        SparkScoreReport report = report(settings, folder, results, facts.value(), partitions, seconds);
        report.write(settings.report());
        return report;
    }

    /**
     * The scored rows, or the driver's one-line account of why the job failed; a bad image is named as the
     * listing names it (as {@code score} names it), not by the URI its task read.
     */
    private static List<Row> collect(JavaRDD<Row> scored, Map<String, String> locations) {
        try {
            return scored.collect();
        } catch (Exception e) { // Spark's SparkException is checked but undeclared
            RuntimeException explained = JobFailure.explain(e);
            if (explained instanceof InputException input && locations.containsKey(input.source())) {
                throw new InputException(locations.get(input.source()), ScoredRows.problem(input), input);
            }
            throw explained;
        }
    }

    /** What came back: encodings and salt pixels by id, images left out, empty masks. */
    private record Results(SortedMap<String, String> encodings, Map<String, Integer> saltPixels,
            List<SkippedImage> skipped, int emptyMasks) {
        /**
         * @param locations how the listing names each URI a row can come from
         * @param unusable what the listing left out
         * @throws IllegalStateException when Spark returned other than one row per listed image
         */
        static Results of(List<Row> rows, Map<String, String> locations, List<SkippedImage> unusable) {
            if (rows.size() != locations.size()) {
                throw new IllegalStateException("Spark returned " + rows.size() + " rows for " + locations.size()
                        + " images");
            }
            SortedMap<String, String> encodings = new TreeMap<>();
            Map<String, Integer> saltPixels = new LinkedHashMap<>();
            List<SkippedImage> skipped = new ArrayList<>(unusable);
            int empty = 0;
            for (Row row : rows) {
                if (!row.isNullAt(4)) {
                    skipped.add(new SkippedImage(locations.getOrDefault(row.getString(0), row.getString(0)),
                            row.getString(4)));
                    continue;
                }
                String id = row.getString(1);
                if (encodings.put(id, row.getString(2)) != null) {
                    throw new IllegalStateException("Spark returned image " + id + " twice");
                }
                saltPixels.put(id, row.getInt(3));
                if (row.getInt(3) == 0) {
                    empty++;
                }
            }
            skipped.sort(Comparator.comparing(SkippedImage::file));
            return new Results(encodings, saltPixels, skipped, empty);
        }
    }

    /** Parquet with one row per scored image: id, rle_mask, salt_fraction (salt pixels / 101^2). */
    private void writeParquet(Results results, String folder) {
        List<Row> rows = new ArrayList<>(results.encodings().size());
        results.encodings().forEach((id, rle) -> rows.add(RowFactory.create(id, rle,
                results.saltPixels().get(id) / (double) KaggleImage.PIXELS)));
        StructType schema = new StructType()
                .add("id", DataTypes.StringType, false)
                .add("rle_mask", DataTypes.StringType, false)
                .add("salt_fraction", DataTypes.DoubleType, false);
        spark.createDataFrame(rows, schema).write().mode(SaveMode.Overwrite).parquet(folder);
    }

    private static SparkScoreReport report(SparkScoreSettings settings, ImageFolder folder, Results results,
            List<ExecutorFacts> facts, int partitions, double seconds) {
        Map<String, ExecutorFacts> byExecutor = new LinkedHashMap<>();
        for (ExecutorFacts f : facts) {
            byExecutor.putIfAbsent(f.executor(), f);
        }
        if (byExecutor.isEmpty()) {
            throw new IllegalStateException("no executor reported its ensemble, yet images were scored");
        }
        ExecutorFacts first = byExecutor.values().iterator().next();
        LinkedHashSet<String> devices = new LinkedHashSet<>();
        String cudaFailure = null;
        for (ExecutorFacts f : byExecutor.values()) {
            devices.add(f.device());
            cudaFailure = cudaFailure != null ? cudaFailure : f.cudaFailure();
        }
        int scored = results.encodings().size();
        ScoreReport score = new ScoreReport(settings.submission().toString(), folder.images(), scored, results.skipped(),
                folder.otherFormats(),
                results.emptyMasks(), String.join("+", devices), cudaFailure, first.onnxRuntime(), first.batchSize(),
                first.folds(), first.flipTta(), first.fused(), first.precision(), first.threshold(), seconds, scored / seconds);
        return new SparkScoreReport(score, byExecutor.size(), partitions);
    }
}

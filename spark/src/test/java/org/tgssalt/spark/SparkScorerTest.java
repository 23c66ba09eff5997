package org.tgssalt.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.cli.Launcher;
import org.tgssalt.dataset.SubmissionCsv;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.manifest.ManifestException;
import org.tgssalt.rle.RunLengthEncoder;
import org.tgssalt.scoring.OnError;
import org.tgssalt.scoring.ScoreReport;
import org.tgssalt.scoring.SkippedImage;

/**
 * {@code spark-score}'s scorer in the tests' local[2] session: the submission is byte for byte {@code score}'s
 * (sample ensemble on the sample images and on real test images; ramp folds elsewhere, which cost nothing),
 * a task that fails once is retried, and bad input fails on the driver or is reported.
 */
class SparkScorerTest {
    /** Real test images scored by both scorers: enough for parity, few enough for CI's time. */
    private static final int REAL_IMAGES = 50;
    private static final AtomicInteger INJECTED = new AtomicInteger();
    private static final AtomicInteger RETRIED = new AtomicInteger();
    private static SparkSession spark;
    private static Path ramp;

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        ramp = SparkFixtures.writeRampModels(shared.resolve("ramp"));
        spark = SparkFixtures.session();
    }

    private SparkScoreReport sparkScore(Path models, String images, OnError onError, int partitions, String parquet)
            throws IOException {
        return sparkScore(new SparkScorer(spark), models, images, onError, partitions, parquet);
    }

    private SparkScoreReport sparkScore(SparkScorer scorer, Path models, String images, OnError onError,
            int partitions, String parquet) throws IOException {
        return scorer.score(new SparkScoreSettings(models.toString(), images, dir.resolve("spark/submission.csv"),
                parquet, partitions, onError, new SaltSegmenter().setDevice("cpu")));
    }

    private byte[] sparkCsv() throws IOException {
        return Files.readAllBytes(dir.resolve("spark/submission.csv"));
    }

    @Test
    void sampleImagesGiveScoresSubmissionByteForByte() throws Exception {
        byte[] expected = SparkFixtures.scoreCsv(SparkFixtures.SAMPLE_MODELS, SparkFixtures.SAMPLE_IMAGES, dir,
                OnError.FAIL);
        String parquet = dir.resolve("parquet").toString();
        SparkScoreReport report = sparkScore(SparkFixtures.SAMPLE_MODELS, SparkFixtures.SAMPLE_IMAGES.toString(),
                OnError.FAIL, 3, parquet);
        assertArrayEquals(expected, sparkCsv());

        ScoreReport score = report.score();
        assertEquals(List.of(40, 40, 0, 10, 1), List.of(score.images(), score.scored(), score.skipped().size(),
                score.folds(), score.batchSize()));
        assertEquals(List.of(true, true, "cpu"), List.of(score.fused(), score.flipTta(), score.device()));
        assertEquals("onnxruntime", score.onnxRuntime().artifact());
        assertEquals(1, report.executors(), "local mode: the driver's JVM is the one executor");
        assertEquals(3, report.partitions());

        JsonMapper json = JsonMapper.builder().build();
        JsonNode written = json.readTree(dir.resolve("spark/submission.report.json").toFile());
        Set<String> expectedFields = new TreeSet<>(List.of("executors", "partitions"));
        json.readTree(score.toJson()).fieldNames().forEachRemaining(expectedFields::add);
        Set<String> fields = new TreeSet<>();
        written.fieldNames().forEachRemaining(fields::add);
        assertEquals(expectedFields, fields, "score's report plus executors and partitions");
        assertEquals(3, written.get("partitions").asInt());

        SortedMap<String, String> csv = SubmissionCsv.readEncodings(dir.resolve("spark/submission.csv"));
        List<Row> rows = spark.read().parquet(parquet).collectAsList();
        assertEquals(40, rows.size());
        for (Row row : rows) {
            String id = row.getAs("id");
            assertEquals(csv.get(id), row.getAs("rle_mask"), id);
            int area = RunLengthEncoder.decode(row.getAs("rle_mask"), 101, 101).area();
            assertEquals(area / (double) KaggleImage.PIXELS, (double) row.getAs("salt_fraction"), 0, id);
        }
    }

    @Test
    void realTestImagesGiveScoresSubmissionByteForByte() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SparkFixtures.REAL_IMAGES),
                "no real test images at " + SparkFixtures.REAL_IMAGES + ": parity on real data skipped");
        Path images = SparkFixtures.copyImages(SparkFixtures.REAL_IMAGES, dir.resolve("real"), REAL_IMAGES);
        byte[] expected = SparkFixtures.scoreCsv(SparkFixtures.SAMPLE_MODELS, images, dir, OnError.FAIL);
        SparkScoreReport report = sparkScore(SparkFixtures.SAMPLE_MODELS, images.toString(), OnError.FAIL, 0, null);
        assertArrayEquals(expected, sparkCsv());
        assertEquals(REAL_IMAGES, report.score().scored());
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndEveryImageComesOnce() throws Exception {
        byte[] expected = SparkFixtures.scoreCsv(ramp, SparkFixtures.SAMPLE_IMAGES, dir, OnError.FAIL);
        int injected = INJECTED.get();
        int retried = RETRIED.get();
        // Partition 1 fails in its third batch, after emitting two: the retry must not add them twice.
        SparkScorer flaky = new SparkScorer(spark, note -> { }, (task, batch) -> {
            if (task.partitionId() == 1 && batch == 2) {
                if (task.attemptNumber() == 0) {
                    INJECTED.incrementAndGet();
                    throw new IllegalStateException("injected failure");
                }
                RETRIED.incrementAndGet();
            }
        });
        SparkScoreReport report = sparkScore(flaky, ramp, SparkFixtures.SAMPLE_IMAGES.toString(), OnError.FAIL, 4, null);
        assertEquals(1, INJECTED.get() - injected, "one failed attempt");
        assertEquals(1, RETRIED.get() - retried, "one retry got past the failure");
        assertArrayEquals(expected, sparkCsv());
        List<String> ids = SparkFixtures.ids(dir.resolve("spark/submission.csv"));
        assertEquals(40, ids.size());
        assertEquals(40, new TreeSet<>(ids).size(), "no id twice");
        assertEquals(40, report.score().scored());
    }

    @Test
    void failStopsAtABadImageWithOneLineNamingItAndWritesNothing() throws IOException {
        Path images = badFolder(false);
        Path parquet = dir.resolve("parquet");
        InputException e = assertThrows(InputException.class,
                () -> sparkScore(ramp, images.toString(), OnError.FAIL, 2, parquet.toString()));
        assertEquals(images.resolve("broken.png") + ": not a PNG file (no PNG signature)", e.getMessage());
        assertFalse(Files.exists(dir.resolve("spark")), "no submission, no report");
        assertFalse(Files.exists(parquet), "no Parquet");
    }

    @Test
    void skipScoresTheRestAndListsTheBadImages() throws Exception {
        Path images = badFolder(true);
        byte[] expected = SparkFixtures.scoreCsv(ramp, images, dir, OnError.SKIP);
        SparkScoreReport report = sparkScore(ramp, images.toString(), OnError.SKIP, 2, null);
        assertArrayEquals(expected, sparkCsv());
        assertEquals(3, SparkFixtures.ids(dir.resolve("spark/submission.csv")).size());
        assertEquals(List.of(new SkippedImage(images.resolve("broken.png").toString(), "not a PNG file (no PNG signature)"),
                new SkippedImage(images.resolve("small.png").toString(), "wrong size: expected 101x101, found 1x1")),
                report.score().skipped());
        assertEquals(List.of(5, 3), List.of(report.score().images(), report.score().scored()));
    }

    @Test
    void missingModelsFailOnTheDriverBeforeTheImagesAreEvenListed() {
        Path empty = dir.resolve("no-models");
        String images = dir.resolve("no-such-folder").toString();
        ManifestException e = assertThrows(ManifestException.class,
                () -> sparkScore(empty, images, OnError.FAIL, 0, null));
        assertEquals(empty + ": no ensemble manifest there (expected the ensemble.json that export writes)",
                e.getMessage());
        assertEquals(images + ": no such folder", assertThrows(InputException.class,
                () -> sparkScore(ramp, images, OnError.FAIL, 0, null)).getMessage());
    }

    /** The command line, in this JVM: it joins the running session and leaves it running. */
    @Test
    void commandLine() throws Exception {
        sparkScore(ramp, SparkFixtures.SAMPLE_IMAGES.toString(), OnError.FAIL, 0, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Launcher launcher = new Launcher(List.of(new SparkScoreCommand()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Path csv = dir.resolve("command/submission.csv");
        int code = launcher.run(new String[] {"spark-score", "--master", "local[2]", "--models", ramp.toString(),
                "--images", SparkFixtures.SAMPLE_IMAGES.toString(), "--out", csv.toString(), "--partitions", "2",
                "--device", "cpu", "--on-error", "skip"});
        assertEquals(ExitCode.OK, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("scored 40 images on cpu in "), out.toString());
        assertArrayEquals(sparkCsv(), Files.readAllBytes(csv));
        assertFalse(spark.sparkContext().isStopped(), "a session the command joined stays up");

        err.reset();
        assertEquals(ExitCode.USAGE, launcher.run(new String[] {"spark-score", "--models", "m", "--images", "i",
                "--out", "o.csv", "--partitions", "0"}));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("tgs spark-score: --partitions must be at least 1, got 0\n"),
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(ExitCode.USAGE, launcher.run(new String[] {"spark-score", "--images", "i", "--out", "o.csv"}));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("tgs spark-score: Missing required option: models\n"),
                err.toString(StandardCharsets.UTF_8));
    }

    /** Three sample images and a text file named broken.png, and a 1x1 small.png if asked. */
    private Path badFolder(boolean small) throws IOException {
        Path images = SparkFixtures.copyImages(SparkFixtures.SAMPLE_IMAGES, dir.resolve("images"), 3);
        Files.writeString(images.resolve("broken.png"), "not an image");
        if (small) {
            Files.write(images.resolve("small.png"), TINY_PNG);
        }
        return images;
    }

    /** A valid 1x1 8-bit gray PNG. */
    private static final byte[] TINY_PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==");
}

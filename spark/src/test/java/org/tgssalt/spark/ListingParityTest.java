package org.tgssalt.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.ensemble.EnsembleOptions;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.progress.PlainProgress;
import org.tgssalt.scoring.FolderScorer;
import org.tgssalt.scoring.OnError;
import org.tgssalt.scoring.ScoreReport;
import org.tgssalt.scoring.ScoreSettings;
import org.tgssalt.scoring.SkippedImage;

/**
 * {@code score} and {@code spark-score} on the same bad folders: the same refusals (one message, asserted
 * word for word), the same skipped images with the same reasons, the same note on other image formats and
 * the same CSV, because both list folders through {@code ImageFolder}.
 */
class ListingParityTest {
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

    /**
     * Three good images (one named {@code a[1].png}, which a glob reader would take for a pattern), a
     * dangling link, a folder named {@code *.png}, {@code x.png} beside {@code x.PNG}, names the CSV cannot
     * hold, a JPEG, and a text file named {@code broken.png} that only decoding finds bad.
     */
    private Path badFolder(Path images, boolean withBrokenContent) throws IOException {
        SparkFixtures.copyImages(SparkFixtures.SAMPLE_IMAGES, images, 2);
        Path any = images.resolve(Files.list(images).sorted().findFirst().orElseThrow().getFileName());
        Files.copy(any, images.resolve("a[1].png"));
        Files.createSymbolicLink(images.resolve("gone.png"), dir.resolve("deleted.png"));
        Files.createDirectory(images.resolve("dir.png"));
        Files.copy(any, images.resolve("x.png"));
        Files.copy(any, images.resolve("x.PNG"));
        Files.copy(any, images.resolve("a,b.png"));
        Files.copy(any, images.resolve(" lead.png"));
        Files.writeString(images.resolve("photo.jpg"), "a JPEG, say");
        if (withBrokenContent) {
            Files.writeString(images.resolve("broken.png"), "not an image");
        }
        return images;
    }

    private static final String DUPLICATE = "; ids must be unique (rename or remove one)";

    /** What both scorers must skip in {@link #badFolder}, written out by hand. */
    private static List<SkippedImage> expectedSkips(Path images, Path dir, boolean withBrokenContent) {
        List<SkippedImage> skips = new ArrayList<>(List.of(
                new SkippedImage(images.resolve(" lead.png").toString(), "file name cannot become a submission row: "
                        + "the id starts or ends with a blank, which CSV readers strip"),
                new SkippedImage(images.resolve("a,b.png").toString(), "file name cannot become a submission row: "
                        + "the id contains a comma, quote or line break, which the submission CSV cannot hold")));
        if (withBrokenContent) {
            skips.add(new SkippedImage(images.resolve("broken.png").toString(), "not a PNG file (no PNG signature)"));
        }
        skips.addAll(List.of(
                new SkippedImage(images.resolve("dir.png").toString(), "a folder, not an image file"),
                new SkippedImage(images.resolve("gone.png").toString(), "dangling symbolic link (to "
                        + dir.resolve("deleted.png") + ")"),
                new SkippedImage(images.resolve("x.PNG").toString(), "id 'x' also belongs to x.png" + DUPLICATE),
                new SkippedImage(images.resolve("x.png").toString(), "id 'x' also belongs to x.PNG" + DUPLICATE)));
        return skips;
    }

    private ScoreReport score(Path images, OnError onError, List<String> notes) throws Exception {
        return new FolderScorer(PlainProgress.FACTORY, notes::add).score(new ScoreSettings(
                ramp.resolve("ensemble.json"), images, dir.resolve("score/submission.csv"), null, null, onError,
                EnsembleOptions.builder().device(ExecutionDevice.CPU).build()));
    }

    private SparkScoreReport sparkScore(String images, OnError onError, List<String> notes) throws IOException {
        return new SparkScorer(spark, notes::add).score(new SparkScoreSettings(ramp.toString(), images,
                dir.resolve("spark/submission.csv"), null, 0, onError, new SaltSegmenter().setDevice("cpu")));
    }

    @Test
    void skipGivesTheSameSkipsNoteAndSubmission() throws Exception {
        Path images = badFolder(dir.resolve("images"), true);
        List<String> scoreNotes = new ArrayList<>();
        List<String> sparkNotes = new ArrayList<>();
        ScoreReport score = score(images, OnError.SKIP, scoreNotes);
        ScoreReport spark = sparkScore(images.toString(), OnError.SKIP, sparkNotes).score();

        List<SkippedImage> expected = expectedSkips(images, dir, true);
        assertEquals(expected, score.skipped());
        assertEquals(expected, spark.skipped());
        assertEquals(List.of(10, 3), List.of(spark.images(), spark.scored()), "images = scored + skipped");
        assertEquals(List.of(score.images(), score.scored()), List.of(spark.images(), spark.scored()));
        assertEquals(List.of("photo.jpg"), spark.otherFormats());
        assertEquals(score.otherFormats(), spark.otherFormats());
        String note = "1 files in " + images + " are not PNG and were not scored: photo.jpg";
        assertEquals(note, scoreNotes.get(0));
        assertEquals(List.of(note), sparkNotes);
        assertArrayEquals(Files.readAllBytes(dir.resolve("score/submission.csv")),
                Files.readAllBytes(dir.resolve("spark/submission.csv")), "a[1].png is scored as one file");
    }

    @Test
    void failGivesTheSameRefusalAndWritesNothing() throws Exception {
        Path images = badFolder(dir.resolve("images"), false);
        String refusal = images.resolve(" lead.png") + ": file name cannot become a submission row: the id starts "
                + "or ends with a blank, which CSV readers strip (and 5 more bad images; --on-error skip scores the "
                + "rest and lists them in the report)";
        assertEquals(refusal, assertThrows(InputException.class,
                () -> score(images, OnError.FAIL, new ArrayList<>())).getMessage());
        assertEquals(refusal, assertThrows(InputException.class,
                () -> sparkScore(images.toString(), OnError.FAIL, new ArrayList<>())).getMessage());
        assertFalse(Files.exists(dir.resolve("spark")), "spark-score wrote nothing");
    }

    /** An image that only decoding finds bad: the task's failure is named as score names it. */
    @Test
    void failOnBadContentNamesTheFileAsScoreDoes() throws Exception {
        Path images = SparkFixtures.copyImages(SparkFixtures.SAMPLE_IMAGES, dir.resolve("images"), 3);
        Files.writeString(images.resolve("broken.png"), "not an image");
        String refusal = images.resolve("broken.png") + ": not a PNG file (no PNG signature)";
        assertEquals(refusal, assertThrows(InputException.class,
                () -> score(images, OnError.FAIL, new ArrayList<>())).getMessage());
        assertEquals(refusal, assertThrows(InputException.class,
                () -> sparkScore(images.toString(), OnError.FAIL, new ArrayList<>())).getMessage());
    }

    @Test
    void folderRefusalsAreScoresOwn() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "no images here");
        Path file = Files.writeString(dir.resolve("file.png"), "a file, not a folder");
        for (Path images : List.of(empty, file, dir.resolve("missing"))) {
            String message = assertThrows(InputException.class,
                    () -> score(images, OnError.SKIP, new ArrayList<>())).getMessage();
            assertEquals(message, assertThrows(InputException.class,
                    () -> sparkScore(images.toString(), OnError.SKIP, new ArrayList<>())).getMessage());
        }
        assertEquals(empty + ": empty folder: no .png images to score", assertThrows(InputException.class,
                () -> sparkScore(empty.toString(), OnError.SKIP, new ArrayList<>())).getMessage());
    }

    /** A glob goes through Hadoop's listing, then through the same rules. */
    @Test
    void aGlobGetsTheSameRules() throws Exception {
        Path images = badFolder(dir.resolve("images"), false);
        // Hadoop's globs match case-sensitively: "*" here, so that x.PNG is matched too.
        SparkScoreReport report = sparkScore(images + "/*", OnError.SKIP, new ArrayList<>());
        assertEquals(expectedSkips(images, dir, false), report.score().skipped());
        assertEquals(List.of(9, 3), List.of(report.score().images(), report.score().scored()));
        assertEquals(List.of("photo.jpg"), report.score().otherFormats());
    }
}

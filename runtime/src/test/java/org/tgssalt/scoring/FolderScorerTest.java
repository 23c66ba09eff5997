package org.tgssalt.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.dataset.SubmissionCsv;
import org.tgssalt.ensemble.EnsembleOptions;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.ensemble.FoldEnsemble;
import org.tgssalt.ensemble.ScoringImageReader;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.GrayImage;
import org.tgssalt.image.PngImageReader;
import org.tgssalt.progress.PlainProgress;
import org.tgssalt.testing.TestGraphs;

class FolderScorerTest {
    private static final EnsembleOptions CPU = EnsembleOptions.builder().device(ExecutionDevice.CPU).batchSize(4)
            .build();

    @TempDir
    Path dir;
    private Path manifest;
    private Path images;
    private Path out;

    @BeforeEach
    void setUp() throws IOException {
        manifest = TestGraphs.writeRampEnsemble(dir.resolve("models"), ScoringFixtures.FOLDS, false);
        images = Files.createDirectories(dir.resolve("images"));
        out = dir.resolve("out");
    }

    private ScoreReport score(OnError onError) throws Exception {
        ScoreSettings settings = new ScoreSettings(manifest, images, out.resolve("submission.csv"),
                out.resolve("probabilities"), out.resolve("overlays"), onError, CPU);
        return new FolderScorer(PlainProgress.FACTORY, note -> { }).score(settings);
    }

    private InputException failure(OnError onError) {
        return assertThrows(InputException.class, () -> score(onError));
    }

    @Test
    void submissionDecodesToTheMasksComputedDirectly() throws Exception {
        List<String> ids = List.of("c9", "a", "c10", "b0", "z", "e", "d", "f", "g", "h", "black");
        for (int i = 0; i < ids.size() - 1; i++) {
            ScoringFixtures.writeRandom(images.resolve(ids.get(i) + ".png"), i);
        }
        ScoringFixtures.writeBlack(images.resolve("black.png"));
        ScoreReport report = score(OnError.FAIL);

        Path csv = out.resolve("submission.csv");
        List<String> lines = Files.readAllLines(csv);
        assertEquals("id,rle_mask", lines.get(0));
        List<String> csvIds = lines.subList(1, lines.size()).stream().map(l -> l.substring(0, l.indexOf(','))).toList();
        assertEquals(ids.stream().sorted().toList(), csvIds, "rows sorted by id");

        SortedMap<String, BinaryMask> decoded = SubmissionCsv.readMasks(csv, 101, 101);
        int empty = 0;
        try (FoldEnsemble ensemble = FoldEnsemble.open(manifest, CPU.toBuilder().batchSize(1).build())) {
            for (String id : ids) {
                GrayImage image = ScoringImageReader.read(images.resolve(id + ".png"));
                BinaryMask direct = ensemble.mask(image);
                assertEquals(direct, decoded.get(id), id);
                empty += direct.isEmpty() ? 1 : 0;
                float[] p = ensemble.probability(image);
                GrayImage stored = PngImageReader.kaggle().readImage(out.resolve("probabilities/" + id + ".png"));
                for (int i = 0; i < p.length; i++) {
                    assertEquals(p[i], stored.pixels()[i], 0.5 / 255 + 1e-6, id + " probability pixel " + i);
                }
                BufferedImage overlay = ImageIO.read(out.resolve("overlays/" + id + ".png").toFile());
                assertEquals(303, overlay.getWidth());
                assertEquals(!direct.isEmpty(), hasRed(overlay), id + " overlay outline");
            }
        }
        assertTrue(decoded.get("black").isEmpty());
        assertTrue(empty >= 1 && empty < ids.size(), "fixture gives both empty and non-empty masks: " + empty);
        assertEquals(ids.size(), report.images());
        assertEquals(ids.size(), report.scored());
        assertEquals(empty, report.emptyMasks());
        assertEquals("cpu", report.device());
        assertEquals(4, report.batchSize());
        assertEquals(2, report.folds());
        assertTrue(report.flipTta());
        assertEquals(report, ScoreReport.read(out.resolve("submission.report.json")));
    }

    private static boolean hasRed(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == 0xff0000) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void skipScoresTheRestAndListsTheBadOnes() throws Exception {
        ScoringFixtures.writeRandom(images.resolve("a.png"), 1);
        ScoringFixtures.writeNotPng(images.resolve("b.png"));
        ScoringFixtures.writeRandom(images.resolve("c.png"), 2);
        ScoringFixtures.writeSixteenBit(images.resolve("d.png"));
        ScoreReport report = score(OnError.SKIP);
        assertEquals(4, report.images());
        assertEquals(2, report.scored());
        assertEquals(List.of(
                new SkippedImage(images.resolve("b.png").toString(), "not a PNG file (no PNG signature)"),
                new SkippedImage(images.resolve("d.png").toString(), "16-bit PNG; scoring takes 8-bit images like "
                        + "the competition's (convert it to 8-bit first)")), report.skipped());
        assertEquals(List.of("a", "c"), SubmissionCsv.readEncodings(out.resolve("submission.csv")).keySet().stream()
                .toList());
    }

    @Test
    void failStopsBeforeWritingAnything() throws Exception {
        ScoringFixtures.writeRandom(images.resolve("a.png"), 1);
        ScoringFixtures.writeRandom(images.resolve("b.png"), 2);
        ScoringFixtures.writeNotPng(images.resolve("c.png"));
        ScoringFixtures.writeWrongSize(images.resolve("d.png"));
        InputException e = failure(OnError.FAIL);
        assertEquals(images.resolve("c.png") + ": not a PNG file (no PNG signature) (and 1 more bad images; "
                + "--on-error skip scores the rest and lists them in the report)", e.getMessage());
        assertFalse(Files.exists(out), "nothing may be written");
    }

    @Test
    void notAPng() throws Exception {
        ScoringFixtures.writeNotPng(images.resolve("a.png"));
        assertEquals(images.resolve("a.png") + ": not a PNG file (no PNG signature)", failure(OnError.FAIL).getMessage());
    }

    @Test
    void corruptPng() throws Exception {
        ScoringFixtures.writeCorrupt(images.resolve("a.png"));
        String message = failure(OnError.FAIL).getMessage();
        assertTrue(message.startsWith(images.resolve("a.png") + ": corrupt PNG"), message);
    }

    @Test
    void wrongSize() throws Exception {
        ScoringFixtures.writeWrongSize(images.resolve("a.png"));
        assertEquals(images.resolve("a.png") + ": wrong size: expected 101x101, found 100x100",
                failure(OnError.FAIL).getMessage());
    }

    @Test
    void colourWithUnequalChannels() throws Exception {
        ScoringFixtures.writeColour(images.resolve("a.png"));
        assertEquals(images.resolve("a.png") + ": colour image with unequal channels at (x=0, y=0): R=200 G=100 "
                + "B=50; expected gray", failure(OnError.FAIL).getMessage());
    }

    @Test
    void sixteenBitIsRefused() throws Exception {
        ScoringFixtures.writeSixteenBit(images.resolve("a.png"));
        assertEquals(images.resolve("a.png") + ": 16-bit PNG; scoring takes 8-bit images like the competition's "
                + "(convert it to 8-bit first)", failure(OnError.FAIL).getMessage());
    }

    @Test
    void emptyFolder() {
        assertEquals(images + ": empty folder: no .png images to score", failure(OnError.FAIL).getMessage());
    }

    @Test
    void missingFolder() throws Exception {
        Files.delete(images);
        assertEquals(images + ": no such folder", failure(OnError.FAIL).getMessage());
    }

    @Test
    void unwritableOutputPath() throws Exception {
        ScoringFixtures.writeRandom(images.resolve("a.png"), 1);
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        Path target = file.resolve("sub/submission.csv");
        ScoreSettings settings = new ScoreSettings(manifest, images, target, null, null, OnError.FAIL, CPU);
        InputException e = assertThrows(InputException.class,
                () -> new FolderScorer(PlainProgress.FACTORY, note -> { }).score(settings));
        assertEquals(target + ": cannot write the submission: " + file + " is not a folder", e.getMessage());
    }

    @Test
    void allImagesBadWithSkipIsAnError() throws Exception {
        ScoringFixtures.writeNotPng(images.resolve("a.png"));
        assertEquals(images + ": none of the 1 images could be scored; see the reasons with --on-error fail",
                failure(OnError.SKIP).getMessage());
        assertFalse(Files.exists(out.resolve("submission.csv")));
    }

    @Test
    void largerFolderKeepsOrderAcrossBatches() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            String id = String.format("img%03d", 22 - i);
            ids.add(id);
            ScoringFixtures.writeRandom(images.resolve(id + ".png"), 100 + i);
        }
        score(OnError.FAIL);
        SortedMap<String, BinaryMask> decoded = SubmissionCsv.readMasks(out.resolve("submission.csv"), 101, 101);
        try (FoldEnsemble ensemble = FoldEnsemble.open(manifest, CPU)) {
            try (Stream<Path> files = Files.list(images)) {
                for (Path f : files.toList()) {
                    String id = f.getFileName().toString().replace(".png", "");
                    assertEquals(ensemble.mask(f), decoded.get(id), id);
                }
            }
        }
        assertEquals(23, decoded.size());
    }
}

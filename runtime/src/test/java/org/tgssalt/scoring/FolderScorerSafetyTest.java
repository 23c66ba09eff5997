package org.tgssalt.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.dataset.SubmissionCsv;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.ensemble.EnsembleOptions;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.Threshold;
import org.tgssalt.progress.Progress;
import org.tgssalt.progress.ProgressFactory;
import org.tgssalt.testing.FolderSnapshot;
import org.tgssalt.testing.TestGraphs;

/**
 * Issue 13's scoring cases: nothing dropped without a word, inputs and earlier outputs never
 * damaged. Each case asserts the message and compares the bytes of the inputs and of an earlier run's
 * outputs before and after.
 */
class FolderScorerSafetyTest {
    private static final EnsembleOptions CPU = EnsembleOptions.builder().device(ExecutionDevice.CPU).build();

    @TempDir
    Path dir;
    private Path manifest;
    private Path images;
    private Path out;
    private final List<String> notes = new ArrayList<>();
    /** The tasks the scorer started: "check images" means the ensemble was open, "score" that it ran. */
    private final List<String> tasks = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        manifest = TestGraphs.writeRampEnsemble(dir.resolve("models"), ScoringFixtures.FOLDS, false);
        images = Files.createDirectories(dir.resolve("images"));
        out = dir.resolve("out");
    }

    private ScoreSettings settings(OnError onError) {
        return new ScoreSettings(manifest, images, out.resolve("submission.csv"), out.resolve("probabilities"),
                out.resolve("overlays"), onError, CPU);
    }

    private ScoreReport score(ScoreSettings settings) throws Exception {
        ProgressFactory recording = (task, total, unit) -> {
            tasks.add(task);
            return new Progress() {
                @Override
                public void step(long n) {}

                @Override
                public void status(String text) {}

                @Override
                public void close() {}
            };
        };
        return new FolderScorer(recording, notes::add).score(settings);
    }

    /** The inputs and the earlier outputs, to compare after a refused or failed run. */
    private SortedMap<String, byte[]> everything() throws IOException {
        return FolderSnapshot.bytes(dir);
    }

    private void earlierRun(int images) throws Exception {
        for (int i = 0; i < images; i++) {
            ScoringFixtures.writeRandom(this.images.resolve("img" + i + ".png"), i);
        }
        score(settings(OnError.FAIL));
        notes.clear();
        tasks.clear();
    }

    @Test
    void aDanglingLinkAFolderAndADuplicateIdAreReportedNotDropped() throws Exception {
        ScoringFixtures.writeRandom(images.resolve("a.png"), 1);
        ScoringFixtures.writeRandom(images.resolve("x.png"), 2);
        ScoringFixtures.writeRandom(images.resolve("x.PNG"), 3);
        Path gone = Files.createSymbolicLink(images.resolve("gone.png"), dir.resolve("deleted.png"));
        Files.createDirectory(images.resolve("dir.png"));

        ScoreReport report = score(settings(OnError.SKIP));
        List<SkippedImage> expected = List.of(
                new SkippedImage(images.resolve("dir.png").toString(), "a folder, not an image file"),
                new SkippedImage(gone.toString(), "dangling symbolic link (to " + dir.resolve("deleted.png") + ")"),
                new SkippedImage(images.resolve("x.PNG").toString(), "id 'x' also belongs to x.png; ids must be "
                        + "unique (rename or remove one)"),
                new SkippedImage(images.resolve("x.png").toString(), "id 'x' also belongs to x.PNG; ids must be "
                        + "unique (rename or remove one)"));
        assertEquals(expected, report.skipped());
        assertEquals(5, report.images());
        assertEquals(1, report.scored());
        assertEquals(report.images(), report.scored() + report.skipped().size());
        assertEquals(List.of("a"), List.copyOf(SubmissionCsv.readEncodings(out.resolve("submission.csv")).keySet()));
        assertEquals("skipped 4 of 5 images, all listed in " + out.resolve("submission.report.json") + ": dir.png (a "
                + "folder, not an image file), gone.png (dangling symbolic link (to " + dir.resolve("deleted.png")
                + ")), x.PNG (id 'x' also belongs to x.png; ids must be unique (rename or remove one)) and 1 more",
                notes.get(notes.size() - 1));
    }

    @Test
    void withFailTheFirstUnusableImageStopsTheRunBeforeTheEnsembleOpens() throws Exception {
        earlierRun(2);
        SortedMap<String, byte[]> before = everything();
        Files.createSymbolicLink(images.resolve("gone.png"), dir.resolve("deleted.png"));
        ScoringFixtures.writeRandom(images.resolve("img0.PNG"), 7);
        before.put("images/img0.PNG", Files.readAllBytes(images.resolve("img0.PNG")));
        InputException e = assertThrows(InputException.class, () -> score(settings(OnError.FAIL)));
        assertEquals(images.resolve("gone.png") + ": dangling symbolic link (to " + dir.resolve("deleted.png")
                + ") (and 2 more bad images; --on-error skip scores the rest and lists them in the report)",
                e.getMessage());
        assertEquals(List.of(), tasks, "nothing decoded or scored");
        FolderSnapshot.assertSame(before, everything());
    }

    @Test
    void namesTheSubmissionCannotHoldAreFoundBeforeScoring() throws Exception {
        earlierRun(1);
        for (String name : List.of("a,b.png", "say \"hi\".png", "two\nlines.png", " padded.png")) {
            ScoringFixtures.writeRandom(images.resolve(name), name.length());
        }
        SortedMap<String, byte[]> before = everything();
        InputException e = assertThrows(InputException.class, () -> score(settings(OnError.FAIL)));
        assertEquals(images.resolve(" padded.png") + ": file name cannot become a submission row: the id starts or "
                + "ends with a blank, which CSV readers strip (and 3 more bad images; --on-error skip scores the rest "
                + "and lists them in the report)", e.getMessage());
        assertEquals(List.of(), tasks, "found before any image was decoded or scored");
        FolderSnapshot.assertSame(before, everything());

        ScoreReport report = score(settings(OnError.SKIP));
        assertEquals(List.of("img0"), List.copyOf(SubmissionCsv.readEncodings(out.resolve("submission.csv")).keySet()));
        assertEquals(5, report.images());
        assertEquals(List.of(
                " padded.png: file name cannot become a submission row: the id starts or ends with a blank, which CSV "
                        + "readers strip",
                "a,b.png: file name cannot become a submission row: the id contains a comma, quote or line break, "
                        + "which the submission CSV cannot hold",
                "say \"hi\".png: file name cannot become a submission row: the id contains a comma, quote or line "
                        + "break, which the submission CSV cannot hold",
                "two\nlines.png: file name cannot become a submission row: the id contains a comma, quote or line "
                        + "break, which the submission CSV cannot hold"),
                report.skipped().stream().map(s -> Path.of(s.file()).getFileName() + ": " + s.reason()).toList());
    }

    @Test
    void outputsThatWouldOverwriteInputsAreRefusedBeforeAnyWork() throws Exception {
        earlierRun(2);
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), images);
        Path models = manifest.getParent();
        Path csv = out.resolve("submission.csv");
        SortedMap<String, byte[]> before = everything();
        Map<ScoreSettings, String> cases = Map.of(
                withFolders(csv, null, images),
                images + ": --overlays is the --images folder " + images + ": the outputs would overwrite the images; "
                        + "choose another folder",
                withFolders(csv, alias, null),
                alias + ": --probabilities is the --images folder " + images + ": the outputs would overwrite the "
                        + "images; choose another folder",
                withFolders(csv, out.resolve("maps"), out.resolve("maps")),
                out.resolve("maps") + ": --overlays and --probabilities (" + out.resolve("maps") + ") are the same "
                        + "folder: one set would overwrite the other",
                withFolders(images.resolve("img0.png"), null, null),
                images.resolve("img0.png") + ": --out is the input file " + images.resolve("img0.png") + ": writing it "
                        + "would overwrite the input; choose another file",
                withFolders(alias.resolve("img1.png"), null, null),
                alias.resolve("img1.png") + ": --out is the input file " + images.resolve("img1.png") + ": writing it "
                        + "would overwrite the input; choose another file",
                withFolders(manifest, null, null),
                manifest + ": --out is the input file " + manifest + ": writing it would overwrite the input; choose "
                        + "another file",
                withFolders(csv, null, models),
                models + ": --overlays holds the models (" + manifest + "), and the output folder is replaced as a "
                        + "whole; choose another folder",
                withFolders(csv, null, dir),
                dir + ": --overlays holds the --images folder " + images + ", and the output folder is replaced as a "
                        + "whole; choose another folder",
                withFolders(out.resolve("overlays/sub.csv"), null, out.resolve("overlays")),
                out.resolve("overlays/sub.csv") + ": --out lies in the --overlays folder " + out.resolve("overlays")
                        .toRealPath() + ", which is replaced as one set; put it elsewhere");
        for (Map.Entry<ScoreSettings, String> c : cases.entrySet()) {
            InputException e = assertThrows(InputException.class, () -> score(c.getKey()), c.getValue());
            assertEquals(c.getValue(), e.getMessage());
            assertEquals(List.of(), tasks, "refused before any work: " + c.getValue());
            FolderSnapshot.assertSame(before, everything());
        }
    }

    private ScoreSettings withFolders(Path submission, Path probabilities, Path overlays) {
        return new ScoreSettings(manifest, images, submission, probabilities, overlays, OnError.FAIL, CPU);
    }

    @Test
    void aRunThatFailsLateLeavesTheEarlierOutputsByteForByte() throws Exception {
        manifest = TestGraphs.writeNanOnBlackEnsemble(dir.resolve("nan-models"));
        for (int i = 0; i < 6; i++) {
            ScoringFixtures.writeGray(images.resolve("img" + i + ".png"), 0.2f + 0.1f * i);
        }
        ScoreSettings settings = settings(OnError.FAIL);
        score(settings);
        SortedMap<String, byte[]> before = everything();
        // Scored last: the six others are already in the staging folders when it fails.
        ScoringFixtures.writeBlack(images.resolve("zz-black.png"));
        before.put("images/zz-black.png", Files.readAllBytes(images.resolve("zz-black.png")));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> score(settings));
        assertEquals(images.resolve("zz-black.png") + ": the ensemble returned NaN at (x=0, y=0) for this image",
                e.getMessage());
        assertTrue(tasks.contains("score"), "it failed late, while scoring");
        FolderSnapshot.assertSame(before, everything());
        assertEquals(List.of("overlays", "probabilities", "submission.csv", "submission.report.json"), names(out),
                "no staging folder or temporary file left");
    }

    @Test
    void aSecondRunReplacesEveryOutputAndKeepsOverlaysOfImagesNoLongerThere() throws Exception {
        earlierRun(3);
        byte[] gone = Files.readAllBytes(out.resolve("overlays/img2.png"));
        Files.delete(images.resolve("img2.png"));
        ScoringFixtures.writeBlack(images.resolve("img0.png"));
        ScoreReport report = score(settings(OnError.FAIL));
        assertEquals(2, report.scored());
        assertEquals(List.of("img0", "img1"), List.copyOf(SubmissionCsv.readEncodings(out.resolve("submission.csv"))
                .keySet()));
        assertTrue(SubmissionCsv.readEncodings(out.resolve("submission.csv")).get("img0").isEmpty(), "black: empty");
        assertEquals(List.of("img0.png", "img1.png", "img2.png"), names(out.resolve("overlays")));
        assertTrue(java.util.Arrays.equals(gone, Files.readAllBytes(out.resolve("overlays/img2.png"))));
        assertEquals(List.of("overlays", "probabilities", "submission.csv", "submission.report.json"), names(out));
    }

    @Test
    void theNextRunCleansUpAfterAKilledOneAndSaysSo() throws Exception {
        earlierRun(2);
        SortedMap<String, byte[]> before = FolderSnapshot.bytes(out.resolve("overlays"));
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path leftover = Files.createDirectory(out.resolve(".overlays.staging-" + p.pid()));
        Files.writeString(leftover.resolve("img0.png"), "half a killed run");
        score(settings(OnError.FAIL));
        assertFalse(Files.exists(leftover));
        assertTrue(notes.contains("removed " + leftover + ", the unfinished new set of an interrupted run (process "
                + p.pid() + "); " + out.resolve("overlays").toRealPath() + " is as that run found it"), notes.toString());
        FolderSnapshot.assertSame(before, FolderSnapshot.bytes(out.resolve("overlays")));
    }

    @Test
    void aBatchLargerThanTheFolderIsBoundedByItAndAnAbsurdOneRefused() throws Exception {
        for (int i = 0; i < 3; i++) {
            ScoringFixtures.writeRandom(images.resolve("img" + i + ".png"), i);
        }
        ScoreSettings settings = new ScoreSettings(manifest, images, out.resolve("submission.csv"), null, null,
                OnError.FAIL, CPU.toBuilder().batchSize(EnsembleOptions.MAX_BATCH_SIZE).build());
        assertEquals(3, score(settings).batchSize());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CPU.toBuilder().batchSize(1_000_000_000).build());
        assertEquals("batch size must be 1 to 1024 images, got 1000000000 (a batch's images and the graphs' "
                + "activations are in memory at once)", e.getMessage());
    }

    @Test
    void aManifestWithoutATunedThresholdSaysWhichItUses() throws Exception {
        ScoringFixtures.writeRandom(images.resolve("a.png"), 1);
        ScoreSettings settings = new ScoreSettings(manifest, images, out.resolve("submission.csv"), null, null,
                OnError.FAIL, CPU);
        score(settings);
        assertEquals(List.of("threshold 0.5: " + manifest + " has no tuned threshold (tune-threshold records one; "
                + "--threshold T sets one)"), notes);

        notes.clear();
        score(new ScoreSettings(manifest, images, out.resolve("submission.csv"), null, null, OnError.FAIL,
                CPU.toBuilder().threshold(0.4).build()));
        assertEquals(List.of(), notes, "--threshold given: nothing to say");

        EnsembleManifest.parse(manifest).withThreshold(Threshold.tuned(0.45, "out-of-fold, 200 images")).write(manifest);
        notes.clear();
        score(settings);
        assertEquals(List.of(), notes, "a tuned threshold: nothing to say");
    }

    @Test
    void otherImageFormatsAreNamedNotSilentlyIgnored() throws Exception {
        ScoringFixtures.writeRandom(images.resolve("a.png"), 1);
        Files.writeString(images.resolve("b.jpg"), "a JPEG, say");
        Files.writeString(images.resolve("notes.txt"), "not an image");
        ScoreReport report = score(new ScoreSettings(manifest, images, out.resolve("submission.csv"), null, null,
                OnError.FAIL, CPU.toBuilder().threshold(0.5).build()));
        assertEquals(List.of("1 files in " + images + " are not PNG and were not scored: b.jpg"), notes);
        assertEquals(List.of("b.jpg"), report.otherFormats());
        assertEquals(1, report.images());
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

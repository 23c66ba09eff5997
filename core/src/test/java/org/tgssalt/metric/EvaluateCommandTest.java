package org.tgssalt.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.dataset.SubmissionCsv;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.GrayImage;
import org.tgssalt.image.PngImageWriter;
import org.tgssalt.testing.FolderSnapshot;
import org.tgssalt.testing.LauncherRun;

class EvaluateCommandTest {
    @TempDir
    Path root;

    /** Truth: "a" empty, "b" a 10-column band (1010 pixels). */
    private Map<String, BinaryMask> writeDataset() throws IOException {
        boolean[] band = new boolean[101 * 101];
        for (int k = 0; k < band.length; k++) {
            band[k] = k % 101 < 10;
        }
        Map<String, BinaryMask> truth = new TreeMap<>(Map.of("a", BinaryMask.empty(101, 101), "b",
                new BinaryMask(101, 101, band)));
        for (var e : truth.entrySet()) {
            PngImageWriter.write(new GrayImage(101, 101, new float[101 * 101]),
                    root.resolve("train/images/" + e.getKey() + ".png"));
            PngImageWriter.write(e.getValue(), root.resolve("train/masks/" + e.getKey() + ".png"));
        }
        SubmissionCsv.write(root.resolve("train.csv"), truth);
        return truth;
    }

    @Test
    void scoresAndWritesPerImageFile() throws IOException {
        writeDataset();
        Path submission = root.resolve("sub.csv");
        // "a" predicted with salt (0), "b" predicted as 9 of its 10 columns: IoU 0.9 -> passes 0.50..0.85 = 0.8.
        Files.writeString(submission, "id,rle_mask\nb,1 909\na,5 3\n");
        Path perImage = root.resolve("out/per-image.csv");
        LauncherRun run = launch("evaluate", "--data", root.toString(), "--submission", submission.toString(),
                "--per-image", perImage.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("score 0.400000 over 2 images\n"), run.out());
        assertTrue(run.out().contains("precision at IoU > 0.85: 0.500000\nprecision at IoU > 0.90: 0.000000\n"), run.out());
        assertTrue(run.out().contains("truth empty, predicted salt:  1\n"), run.out());
        assertTrue(run.out().contains("truth salt,  predicted salt:  1\n"), run.out());
        assertEquals("id,score,iou,truth_area,predicted_area,intersection\n"
                + "a,0.00,0.000000,0,3,0\nb,0.80,0.900000,1010,909,909\n", Files.readString(perImage));

        LauncherRun fromCsv = launch("evaluate", "--data", root.toString(), "--submission", submission.toString(),
                "--truth", "csv");
        assertEquals(0, fromCsv.code(), fromCsv.err());
        assertTrue(fromCsv.out().startsWith("score 0.400000 over 2 images\n"), fromCsv.out());
    }

    @Test
    void exitCodes() throws IOException {
        writeDataset();
        Path submission = root.resolve("sub.csv");
        Files.writeString(submission, "id,rle_mask\nb,\nz,\n");
        LauncherRun missing = launch("evaluate", "--data", root.toString(), "--submission", submission.toString());
        assertEquals(1, missing.code());
        assertEquals("tgs evaluate: " + submission + ": 1 ids of " + root.resolve("train/masks")
                + " have no prediction: a; 1 ids are not in " + root.resolve("train/masks") + ": z\n", missing.err());

        Files.writeString(submission, "id,rle_mask\na,\nb,1 2 3\n");
        LauncherRun badRle = launch("evaluate", "--data", root.toString(), "--submission", submission.toString());
        assertEquals(1, badRle.code());
        assertTrue(badRle.err().startsWith("tgs evaluate: " + submission + " line 3: run-length encoding has an odd"),
                badRle.err());

        LauncherRun noSubmission = launch("evaluate", "--data", root.toString());
        assertEquals(2, noSubmission.code());
        LauncherRun badTruth = launch("evaluate", "--data", root.toString(), "--submission", submission.toString(),
                "--truth", "magic");
        assertEquals(2, badTruth.code());
        assertTrue(badTruth.err().startsWith("tgs evaluate: --truth must be masks or csv, got 'magic'"), badTruth.err());
        assertEquals(0, launch("evaluate", "--help").code());
    }

    @Test
    void perImageMayNotOverwriteTheSubmissionOrTheDataset() throws IOException {
        writeDataset();
        Path submission = root.resolve("sub.csv");
        Files.writeString(submission, "id,rle_mask\nb,1 909\na,5 3\n");
        Path alias = Files.createSymbolicLink(root.resolve("alias.csv"), submission);
        SortedMap<String, byte[]> before = FolderSnapshot.bytes(root);

        LauncherRun same = launch("evaluate", "--data", root.toString(), "--submission", submission.toString(),
                "--per-image", submission.toString());
        assertEquals(1, same.code());
        assertEquals("tgs evaluate: " + submission + ": --per-image names the --submission file " + submission
                + "; writing it would overwrite the submission: choose another file\n", same.err());
        assertEquals("", same.out(), "refused before any work");

        LauncherRun linked = launch("evaluate", "--data", root.toString(), "--submission", submission.toString(),
                "--per-image", alias.toString());
        assertEquals(1, linked.code());
        assertEquals("tgs evaluate: " + alias + ": --per-image names the --submission file " + submission
                + "; writing it would overwrite the submission: choose another file\n", linked.err());

        LauncherRun trainCsv = launch("evaluate", "--data", root.toString(), "--submission", submission.toString(),
                "--per-image", root.resolve("train.csv").toString());
        assertEquals("tgs evaluate: " + root.resolve("train.csv") + ": --per-image names the dataset's "
                + root.resolve("train.csv") + "; writing it would overwrite it: choose another file\n", trainCsv.err());

        Path mask = root.resolve("train/masks/a.png");
        LauncherRun maskFile = launch("evaluate", "--data", root.toString(), "--submission", submission.toString(),
                "--per-image", mask.toString());
        assertEquals("tgs evaluate: " + mask + ": --per-image names a file of the dataset's folder "
                + root.resolve("train/masks") + "; writing it would overwrite it: choose another file\n", maskFile.err());

        FolderSnapshot.assertSame(before, FolderSnapshot.bytes(root));
    }

    private static LauncherRun launch(String... args) {
        return LauncherRun.of(List.of(new EvaluateCommand()), args);
    }
}

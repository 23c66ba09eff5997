package org.tgssalt.train.datacheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.dataset.DepthsCsv;
import org.tgssalt.dataset.SubmissionCsv;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.GrayImage;
import org.tgssalt.image.PngImageWriter;
import org.tgssalt.testing.LauncherRun;

class DatasetCheckTest {
    @TempDir
    Path root;

    /** Four train images (a..d, two with salt), two test images, all files consistent. */
    private TgsDataset writeTinyDataset() throws IOException {
        Map<String, BinaryMask> masks = new TreeMap<>();
        Map<String, Integer> depths = new TreeMap<>();
        String[] ids = {"a", "b", "c", "d"};
        for (int i = 0; i < ids.length; i++) {
            boolean[] p = new boolean[101 * 101];
            for (int k = 0; k < p.length; k++) {
                p[k] = i % 2 == 1 && k % 101 < 10 * i;
            }
            masks.put(ids[i], new BinaryMask(101, 101, p));
            PngImageWriter.write(image(i), root.resolve("train/images/" + ids[i] + ".png"));
            PngImageWriter.write(masks.get(ids[i]), root.resolve("train/masks/" + ids[i] + ".png"));
            depths.put(ids[i], 100 + i);
        }
        for (String t : List.of("t0", "t1")) {
            PngImageWriter.write(image(7), root.resolve("test/images/" + t + ".png"));
            depths.put(t, 500);
        }
        SubmissionCsv.write(root.resolve("train.csv"), masks);
        DepthsCsv.write(root.resolve("depths.csv"), depths);
        return TgsDataset.at(root);
    }

    private static GrayImage image(int seed) {
        float[] p = new float[101 * 101];
        for (int k = 0; k < p.length; k++) {
            p[k] = ((k * (seed + 3)) % 256) / 255f;
        }
        return new GrayImage(101, 101, p);
    }

    @Test
    void consistentDatasetPassesAndLoads() throws IOException {
        TgsDataset data = writeTinyDataset();
        ConsistencyReport report = DatasetCheck.of(data).run();
        assertEquals(List.of(), report.problems());
        assertEquals(new ConsistencyReport(4, 4, 4, 2, List.of()), report);
        assertEquals(List.of("a", "b", "c", "d"), data.trainIds());
        assertEquals(List.of("t0", "t1"), data.testIds());
        assertEquals(image(2), data.trainImage("c"));
        assertEquals(30 * 101, data.trainMask("d").area());
        assertEquals(data.trainMask("b"), data.trainCsvMasks().get("b"));
        assertEquals(500, data.depths().get("t1"));
    }

    @Test
    void checkReportsEveryMismatch() throws IOException {
        TgsDataset data = writeTinyDataset();
        Files.delete(data.trainImagePath("a"));
        PngImageWriter.write(image(9), data.trainImagePath("e"));
        PngImageWriter.write(BinaryMask.empty(101, 101), data.trainMaskPath("f")); // a mask alone
        Files.writeString(data.trainCsv(), Files.readString(data.trainCsv()).replace("b,1 1010", "b,1 1009"));
        Files.writeString(data.testImagePath("t1"), "not an image");
        DepthsCsv.write(data.depthsCsv(), Map.of("a", 1, "b", 2, "d", 4, "t0", 5, "t1", 6));
        PngImageWriter.write(BinaryMask.empty(50, 50), data.trainMaskPath("d"));

        ConsistencyReport report = DatasetCheck.of(data).run();
        Path csv = data.trainCsv();
        assertEquals(List.of(
                csv + ": id a has no image " + data.trainImagePath("a"),
                data.trainImagePath("e") + ": no row in " + csv,
                data.trainImagePath("e") + ": no mask " + data.trainMaskPath("e"),
                data.trainMaskPath("f") + ": no image " + data.trainImagePath("f"),
                data.depthsCsv() + ": no depth for id c",
                data.depthsCsv() + ": no depth for id e",
                data.testImagePath("t1") + ": not a PNG file (no PNG signature)",
                data.trainMaskPath("b") + ": mask disagrees with " + csv + " line 3 (1 pixels differ; PNG area 1010, "
                        + "RLE area 1009)",
                data.trainMaskPath("d") + ": wrong size: expected 101x101, found 50x50"), report.problems());
        assertEquals(new ConsistencyReport(4, 5, 4, 2, report.problems()), report);
    }

    @Test
    void checkReportsMissingFilesAndFolders() throws IOException {
        Files.createDirectories(root.resolve("train/images"));
        ConsistencyReport report = DatasetCheck.of(TgsDataset.at(root)).run();
        assertEquals(List.of(
                root.resolve("train/masks") + ": folder not found",
                root.resolve("test/images") + ": folder not found",
                root.resolve("train.csv") + ": file not found",
                root.resolve("depths.csv") + ": file not found"), report.problems());
        InputException e = assertThrows(InputException.class, () -> TgsDataset.at(root.resolve("nowhere")));
        assertEquals(root.resolve("nowhere") + ": dataset root is not a directory", e.getMessage());
    }

    @Test
    void checkDataCommandExitCodes() throws IOException {
        TgsDataset data = writeTinyDataset();
        LauncherRun ok = launch("check-data", "--data", root.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("4 train images, 4 train masks, 4 train.csv rows, 2 test images, 0 problems"), ok.out());

        Files.delete(data.trainMaskPath("c"));
        LauncherRun failed = launch("check-data", "--data", root.toString());
        assertEquals(1, failed.code());
        assertEquals("tgs check-data: " + root + ": 1 problem found (listed on stdout)\n", failed.err());
        assertTrue(failed.out().contains(data.trainCsv() + ": id c has no mask " + data.trainMaskPath("c")), failed.out());

        LauncherRun usage = launch("check-data");
        assertEquals(2, usage.code());
        assertTrue(usage.err().startsWith("tgs check-data: Missing required option: data"), usage.err());

        LauncherRun notDir = launch("check-data", "--data", root.resolve("nope").toString());
        assertEquals(1, notDir.code());
        assertEquals("tgs check-data: " + root.resolve("nope") + ": dataset root is not a directory\n", notDir.err());
    }

    private static LauncherRun launch(String... args) {
        return LauncherRun.of(List.of(new CheckDataCommand()), args);
    }
}

package org.tgssalt.train.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.testing.LauncherRun;

/** generate, check-data and evaluate through the launcher's service discovery, as {@code ./tgs} runs them. */
class GenerateCommandTest {
    @TempDir
    Path dir;

    @Test
    void generateCheckAndEvaluateEndToEnd() throws Exception {
        Path data = dir.resolve("synthetic");
        LauncherRun generated = launch("generate", "--out", data.toString(), "--train", "12", "--test", "3", "--seed", "5");
        assertEquals(0, generated.code(), generated.err());
        assertEquals("wrote 12 train and 3 test images (seed 5) to " + data + "\n", generated.out());
        assertEquals(12, Files.list(data.resolve("train/images")).count());

        LauncherRun checked = launch("check-data", "--data", data.toString());
        assertEquals(0, checked.code(), checked.err());
        assertTrue(checked.out().endsWith("12 train images, 12 train masks, 12 train.csv rows, 3 test images, 0 problems\n"),
                checked.out());

        // train.csv is a perfect submission for the train masks.
        LauncherRun evaluated = launch("evaluate", "--data", data.toString(), "--submission", data.resolve("train.csv").toString());
        assertEquals(0, evaluated.code(), evaluated.err());
        assertTrue(evaluated.out().startsWith("score 1.000000 over 12 images\n"), evaluated.out());
    }

    @Test
    void exitCodes() throws Exception {
        Path data = dir.resolve("d");
        Files.createDirectories(data);
        Files.writeString(data.resolve("something"), "x");
        LauncherRun notEmpty = launch("generate", "--out", data.toString(), "--train", "1", "--test", "0");
        assertEquals(1, notEmpty.code());
        assertEquals("tgs generate: " + data + ": folder is not empty; choose a new or empty one\n", notEmpty.err());

        LauncherRun badCount = launch("generate", "--out", dir.resolve("e").toString(), "--train", "many");
        assertEquals(2, badCount.code());
        assertTrue(badCount.err().startsWith("tgs generate: --train must be a whole number of 0 or more, got 'many'\n"),
                badCount.err());
        assertTrue(badCount.err().contains("usage: ./tgs generate"), badCount.err());

        assertEquals(2, launch("generate").code());
        assertEquals(2, launch("generate", "--out", dir.resolve("f").toString(), "--seed", "x").code());
        LauncherRun help = launch("generate", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--seed"), help.out());
    }

    private static LauncherRun launch(String... args) {
        return LauncherRun.discovered(args);
    }
}

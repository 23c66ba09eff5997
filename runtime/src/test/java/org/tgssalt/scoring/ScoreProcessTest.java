package org.tgssalt.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.testing.FolderSnapshot;
import org.tgssalt.testing.TestGraphs;

/**
 * {@code score} in a JVM of its own, as {@code ./tgs} runs it, with a temporary folder and a native
 * library cache of the test's: what a finished run and a {@code TERM} leave behind.
 */
class ScoreProcessTest {
    /** A line of {@link org.tgssalt.progress.PlainProgress}: not what this test is about. */
    private static final String PROGRESS = "(check images|score): \\d+/\\d+ .*";
    private static final String STOPPED = "tgs score: stopped before finishing; temporary files removed, finished "
            + "outputs left as they were";

    @TempDir
    Path dir;
    private Path tmp;
    private Path cache;
    private Path models;
    private Path images;
    private Path out;

    @BeforeEach
    void setUp() throws IOException {
        tmp = Files.createDirectories(dir.resolve("tmp"));
        cache = dir.resolve("cache");
        models = dir.resolve("models");
        TestGraphs.writeRampEnsemble(models, ScoringFixtures.FOLDS, false);
        images = Files.createDirectories(dir.resolve("images"));
        out = dir.resolve("out");
    }

    private ProcessBuilder score(Path stderr) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-Djava.awt.headless=true", "-Djava.io.tmpdir=" + tmp,
                "-Dtgs.cache.dir=" + cache, "-cp", System.getProperty("java.class.path"), "org.tgssalt.cli.Launcher",
                "score", "--models", models.toString(), "--images", images.toString(), "--out",
                out.resolve("submission.csv").toString(), "--probabilities", out.resolve("probabilities").toString(),
                "--device", "cpu", "--threads", "1", "--on-error", "skip")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile());
    }

    private List<String> lines(Path stderr) throws IOException {
        return Files.readAllLines(stderr, StandardCharsets.UTF_8).stream().filter(l -> !l.matches(PROGRESS)).toList();
    }

    @Test
    @Timeout(300)
    void aFinishedRunLeavesNoTemporaryFilesAndNamesWhatItSkipped() throws Exception {
        ScoringFixtures.writeRandom(images.resolve("a.png"), 1);
        ScoringFixtures.writeRandom(images.resolve("b.png"), 2);
        Path gone = Files.createSymbolicLink(images.resolve("gone.png"), dir.resolve("deleted.png"));
        Path stderr = dir.resolve("stderr.txt");
        Process p = score(stderr).start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "score did not finish");
        assertEquals(0, p.exitValue(), Files.readString(stderr));

        assertEquals(List.of(
                "tgs score: threshold 0.5: " + models.resolve("ensemble.json") + " has no tuned threshold "
                        + "(tune-threshold records one; --threshold T sets one)",
                "tgs score: skipped 1 of 3 images, all listed in " + out.resolve("submission.report.json")
                        + ": gone.png (dangling symbolic link (to " + dir.resolve("deleted.png") + "))"),
                lines(stderr));
        assertEquals(List.of(), listing(tmp), "nothing left in the temporary folder (ONNX Runtime's included)");
        try (Stream<Path> cached = Files.walk(cache)) {
            assertTrue(cached.anyMatch(f -> f.getFileName().toString().equals("libonnxruntime.so")),
                    "ONNX Runtime's library extracted into the cache");
        }
        assertEquals(List.of("a.png", "b.png"), names(out.resolve("probabilities")));
        assertTrue(Files.exists(gone.getParent()));
    }

    @Test
    @Timeout(300)
    void termStopsTheRunWithOneLineAndLeavesTheEarlierOutputs() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc to see the mapped library");
        ScoringFixtures.writeRandom(images.resolve("a.png"), 1);
        ScoringFixtures.writeRandom(images.resolve("b.png"), 2);
        Path first = dir.resolve("first.txt");
        Process earlier = score(first).start();
        assertTrue(earlier.waitFor(240, TimeUnit.SECONDS), "the earlier run did not finish");
        assertEquals(0, earlier.exitValue(), Files.readString(first));
        SortedMap<String, byte[]> before = FolderSnapshot.bytes(out);

        // Enough images that the run is still scoring when the signal comes.
        for (int i = 0; i < 3000; i++) {
            Files.copy(images.resolve("a.png"), images.resolve(String.format("n%04d.png", i)));
        }
        Path stderr = dir.resolve("stderr.txt");
        Process p = score(stderr).start();
        Path staging = out.resolve(".probabilities.staging-" + p.pid());
        while (p.isAlive() && names(staging).isEmpty()) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the run ended before it could be stopped: " + Files.readString(stderr));
        String maps = Files.readString(Path.of("/proc/" + p.pid() + "/maps"));
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run did not stop");

        assertEquals(143, p.exitValue(), "128 + SIGTERM");
        assertEquals(List.of(STOPPED), lines(stderr).stream().filter(l -> !l.startsWith("tgs score: threshold"))
                .toList());
        FolderSnapshot.assertSame(before, FolderSnapshot.bytes(out));
        assertEquals(List.of("overlays", "probabilities", "submission.csv", "submission.report.json"), names(out),
                "no staging folder or temporary file left");
        assertEquals(List.of(), listing(tmp), "nothing left in the temporary folder");
        assertTrue(maps.contains(cache.toRealPath().toString()) && maps.contains("libonnxruntime.so"),
                "ONNX Runtime ran from the cache, not from a copy in the temporary folder");
    }

    private static List<Path> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    private static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return new ArrayList<>();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.nio.file.NoSuchFileException e) {
            return new ArrayList<>(); // renamed or removed while listing
        }
    }
}

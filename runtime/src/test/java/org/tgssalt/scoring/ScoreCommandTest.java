package org.tgssalt.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.cli.Command;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.io.Sha256;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.FoldGraph;
import org.tgssalt.testing.LauncherRun;
import org.tgssalt.testing.TestGraphs;

/** The score and bench command lines, including each manifest problem as the user sees it. */
class ScoreCommandTest {
    /** The build's ONNX Runtime artifact: onnxruntime, or onnxruntime_gpu with Maven profile gpu. */
    private static final String EXPECTED_ONNX_RUNTIME = System.getProperty("tgs.onnxruntime.artifact", "onnxruntime");
    @TempDir
    Path dir;
    private Path models;
    private Path images;
    /** The latest command line's outcome. */
    private LauncherRun last;

    @BeforeEach
    void setUp() throws IOException {
        models = dir.resolve("models");
        TestGraphs.writeRampEnsemble(models, ScoringFixtures.FOLDS, true);
        images = Files.createDirectories(dir.resolve("images"));
        ScoringFixtures.writeRandom(images.resolve("a.png"), 1);
        ScoringFixtures.writeBlack(images.resolve("b.png"));
    }

    private int tgs(String... args) {
        last = LauncherRun.of(List.of(new ScoreCommand(), new BenchCommand()), args);
        return last.code();
    }

    private String err() {
        return last.err().strip();
    }

    private int score(String... extra) {
        // Extras first: Commons CLI reads the first of repeated options.
        List<String> args = new java.util.ArrayList<>(List.of("score"));
        args.addAll(List.of(extra));
        args.addAll(List.of("--models", models.toString(), "--images", images.toString(), "--out",
                dir.resolve("out/sub.csv").toString(), "--device", "cpu"));
        return tgs(args.toArray(String[]::new));
    }

    @Test
    void scoresAndSummarises() throws IOException {
        assertEquals(ExitCode.OK, score("--overlays", "none", "--batch", "2", "--fused"), err());
        String out = last.out();
        assertTrue(out.startsWith("scored 2 images on cpu in "), out);
        assertTrue(out.contains("1 empty masks, 0 skipped; report " + dir.resolve("out/sub.report.json")), out);
        assertTrue(out.contains("\nONNX Runtime " + EXPECTED_ONNX_RUNTIME + " "), out);
        assertEquals(3, Files.readAllLines(dir.resolve("out/sub.csv")).size());
        assertFalse(Files.exists(dir.resolve("out/overlays")));
        ScoreReport report = ScoreReport.read(dir.resolve("out/sub.report.json"));
        assertTrue(report.fused());
        assertEquals(2, report.batchSize());
        assertEquals(EXPECTED_ONNX_RUNTIME, report.onnxRuntime().artifact(), report.onnxRuntime().describe());
        assertEquals(EXPECTED_ONNX_RUNTIME.equals("onnxruntime_gpu"), report.onnxRuntime().offersCuda(),
                report.onnxRuntime().describe());
        assertTrue(report.onnxRuntime().otherJars().isEmpty(), report.onnxRuntime().describe());
    }

    @Test
    void defaultsResolveAgainstTgsHome() throws IOException {
        Path home = dir.resolve("home");
        TestGraphs.writeRampEnsemble(home.resolve("samples/models"), ScoringFixtures.FOLDS, false);
        Path test = Files.createDirectories(home.resolve("samples/data/test/images"));
        ScoringFixtures.writeRandom(test.resolve("x.png"), 5);
        System.setProperty("tgs.home", home.toString());
        try {
            assertEquals(ExitCode.OK, tgs("score", "--device", "cpu"), err());
        } finally {
            System.clearProperty("tgs.home");
        }
        assertTrue(Files.exists(home.resolve("out/submission.csv")));
        assertTrue(Files.exists(home.resolve("out/submission.report.json")));
        assertTrue(Files.exists(home.resolve("out/overlays/x.png")));
    }

    @Test
    void missingManifest() throws IOException {
        Files.delete(models.resolve("ensemble.json"));
        assertEquals(ExitCode.FAILURE, score());
        assertEquals("tgs score: " + models.resolve("ensemble.json") + ": no ensemble manifest there (expected the "
                + "ensemble.json that export writes)", err());
    }

    @Test
    void manifestNotJson() throws IOException {
        Files.writeString(models.resolve("ensemble.json"), "<xml/>");
        assertEquals(ExitCode.FAILURE, score());
        assertTrue(err().startsWith("tgs score: " + models.resolve("ensemble.json") + ": not JSON: "), err());
    }

    @Test
    void manifestOfUnknownSchema() throws IOException {
        Path json = models.resolve("ensemble.json");
        Files.writeString(json, Files.readString(json).replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 3"));
        assertEquals(ExitCode.FAILURE, score());
        assertEquals("tgs score: " + json + ": schemaVersion 3 is not supported; this runtime reads schemaVersion 1 and 2",
                err());
    }

    @Test
    void manifestNamingAMissingFoldFile() throws IOException {
        Files.delete(models.resolve("fold-2.onnx"));
        assertEquals(ExitCode.FAILURE, score("--separate")); // the fold graphs, not the fused one
        assertEquals("tgs score: " + models.toAbsolutePath().resolve("fold-2.onnx")
                + ": missing: the manifest names it as fold 2", err());
    }

    @Test
    void foldFileWithAnotherHash() throws IOException {
        Files.write(models.resolve("fold-1.onnx"), TestGraphs.rampFold(1f, 2f));
        assertEquals(ExitCode.FAILURE, score("--separate")); // the fold graphs, not the fused one
        assertTrue(err().startsWith("tgs score: " + models.toAbsolutePath().resolve("fold-1.onnx") + ": SHA-256 "),
                err());
        assertTrue(err().endsWith(" (the file changed after export)"), err());
    }

    @Test
    void graphInputShapeDiffersFromManifest() throws IOException {
        Path json = models.resolve("ensemble.json");
        byte[] wrong = TestGraphs.rampFold(1f, 1f, 64);
        Files.write(models.resolve("fold-1.onnx"), wrong);
        EnsembleManifest m = EnsembleManifest.parse(json);
        List<FoldGraph> folds = List.of(new FoldGraph(1, "fold-1.onnx", Sha256.of(wrong), null), m.folds().get(1));
        new EnsembleManifest(1, folds, m.input(), m.output(), m.tta(), m.threshold(), m.fused(), m.flopsPerPass(),
                m.provenance()).write(json);
        assertEquals(ExitCode.FAILURE, score("--separate")); // the fold graphs, not the fused one
        assertEquals("tgs score: " + models.toAbsolutePath().resolve("fold-1.onnx")
                + ": input shape [N,1,64,64], manifest says [N,1,101,101]", err());
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        assertEquals(ExitCode.USAGE, score("--batch", "many"));
        assertTrue(err().startsWith("tgs score: --batch must be a whole number, got 'many'"), err());
        assertEquals(ExitCode.USAGE, score("--device", "tpu"));
        assertTrue(err().startsWith("tgs score: --device: device must be auto, cpu, cuda or cuda:N, got 'tpu'"), err());
        assertEquals(ExitCode.USAGE, score("--threshold", "1.2"));
        assertTrue(err().startsWith("tgs score: threshold must lie strictly between 0 and 1, got 1.2"), err());
        assertEquals(ExitCode.USAGE, score("--batch", "1000000000"));
        assertTrue(err().startsWith("tgs score: batch size must be 1 to 1024 images, got 1000000000 (a batch's images "
                + "and the graphs' activations are in memory at once)"), err());
        assertEquals(ExitCode.USAGE, score("--threads", "2000000000"));
        assertTrue(err().startsWith("tgs score: intra-op threads must be 0 (all cores) or 1 to 1024, got 2000000000"),
                err());
        assertEquals(ExitCode.USAGE, tgs("bench", "--models", models.toString(), "--batch", "1,2000000000"));
        assertTrue(err().startsWith("tgs bench: --batch must be whole numbers from 1 to 1024 separated by commas, got "
                + "'1,2000000000'"), err());
        assertEquals(ExitCode.USAGE, score("--on-error", "ignore"));
        assertTrue(err().startsWith("tgs score: --on-error must be fail or skip, got 'ignore'"), err());
    }

    @Test
    void benchPrintsOneRowPerConfiguration() {
        assertEquals(ExitCode.OK, tgs("bench", "--models", models.toString(), "--images", "6", "--batch", "1,4",
                "--both", "--device", "cpu"), err());
        List<String> lines = last.out().lines().toList();
        assertEquals(6, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("ONNX Runtime " + EXPECTED_ONNX_RUNTIME + " "), lines.get(0));
        assertTrue(lines.get(0).contains(", execution providers ") && lines.get(0).endsWith("CPU"), lines.get(0));
        assertTrue(lines.get(1).startsWith("graphs        batch"), lines.get(1));
        assertTrue(lines.get(2).startsWith("separate          1       6"), lines.get(2));
        assertTrue(lines.get(5).startsWith("fused             4       6"), lines.get(5));
        // flopsPerPass 4*101*101 = 40804, 2 folds x 2 views: 163216 FLOP per image = 0.00 GFLOP.
        assertTrue(lines.get(2).contains(" 0.00 "), lines.get(2));
        assertTrue(lines.get(2).endsWith("cpu"), lines.get(2));
    }

    @Test
    void benchProfilesEachConfigurationIntoItsOwnFolder() throws IOException {
        Path profiles = dir.resolve("profiles");
        assertEquals(ExitCode.OK, tgs("bench", "--models", models.toString(), "--images", "3", "--batch", "1",
                "--both", "--device", "cpu", "--profile", profiles.toString()), err());
        String out = last.out();
        assertTrue(out.contains("\nprofile of separate, batch 1 (" + profiles.resolve("separate-b1") + "): "), out);
        assertTrue(out.contains("\nprofile of fused, batch 1 (" + profiles.resolve("fused-b1") + "): "), out);
        assertTrue(out.contains("\n  operator                   provider    calls    ms/run   share\n"), out);
        try (var separate = Files.list(profiles.resolve("separate-b1"));
                var fused = Files.list(profiles.resolve("fused-b1"))) {
            assertEquals(ScoringFixtures.FOLDS.length, separate.count(), "a trace per fold graph");
            assertEquals(1, fused.count(), "one trace for the fused graph");
        }
    }

    @Test
    void badBenchValuesAreUsageErrors() {
        assertEquals(ExitCode.USAGE, tgs("bench", "--models", models.toString(), "--batch", "1,0"));
        assertTrue(err().startsWith("tgs bench: --batch must be whole numbers from 1 to 1024 separated by commas, "
                + "got '1,0'"), err());
        assertEquals(ExitCode.USAGE, tgs("bench", "--models", models.toString(), "--batch", "8,x"));
        assertTrue(err().startsWith("tgs bench: --batch must be whole numbers from 1 to 1024 separated by commas, "
                + "got '8,x'"), err());
        assertEquals(ExitCode.USAGE, tgs("bench", "--models", models.toString(), "--images", "0"));
        assertTrue(err().startsWith("tgs bench: --images must be a whole number of 1 or more, got '0'"), err());
    }

    @Test
    void commandsAreRegisteredAsServices() {
        List<String> names = ServiceLoader.load(Command.class).stream().map(p -> p.get().name()).toList();
        assertTrue(names.containsAll(List.of("score", "bench")), names.toString());
    }
}

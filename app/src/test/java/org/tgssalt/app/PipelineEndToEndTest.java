package org.tgssalt.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.dataset.SubmissionCsv;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.metric.KaggleMetric;
import org.tgssalt.testing.LauncherRun;

/**
 * The whole product on a tiny generated data set, through the same commands a user types: generate,
 * then {@code pipeline} (train two folds for one epoch at a tiny width, export, tune the threshold,
 * evaluate out-of-fold, score the test folder).
 */
class PipelineEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void generateTrainExportScoreEvaluate() throws Exception {
        Path data = dir.resolve("data");
        Path out = dir.resolve("out");
        run("generate", "--out", data.toString(), "--train", "24", "--test", "6", "--seed", "5");

        String printed = run("pipeline", "--data", data.toString(), "--out", out.toString(), "--folds", "2",
                "--epochs", "1", "--width", "0.25", "--batch", "8", "--device", "cpu");

        // Every artefact is where the summary says.
        for (String fold : List.of("fold-1", "fold-2")) {
            assertTrue(Files.isRegularFile(out.resolve("checkpoints").resolve(fold).resolve("checkpoint.json")), fold);
            assertTrue(Files.isRegularFile(out.resolve("models").resolve(fold + ".onnx")), fold);
        }
        EnsembleManifest manifest = EnsembleManifest.read(out.resolve("models/ensemble.json"));
        assertEquals(2, manifest.folds().size());
        assertTrue(manifest.fused() != null, "pipeline exports the fused graph");

        // The test submission parses, has one row per test image, sorted by id.
        SortedMap<String, BinaryMask> submitted = SubmissionCsv.readMasks(out.resolve("submission.csv"), 101, 101);
        List<String> testIds;
        try (Stream<Path> files = Files.list(data.resolve("test/images"))) {
            testIds = files.map(p -> p.getFileName().toString().replace(".png", "")).sorted().toList();
        }
        assertEquals(testIds, List.copyOf(submitted.keySet()));

        // The out-of-fold submission covers every training image once, and the printed score is the
        // metric recomputed here from the CSV and the masks.
        SortedMap<String, BinaryMask> oof = SubmissionCsv.readMasks(out.resolve("oof-submission.csv"), 101, 101);
        TgsDataset dataset = TgsDataset.at(data);
        assertEquals(dataset.trainIds(), List.copyOf(oof.keySet()));
        double sum = 0;
        for (String id : oof.keySet()) {
            sum += KaggleMetric.imageScore(dataset.trainMask(id), oof.get(id));
        }
        String expected = String.format(Locale.ROOT, "score %.6f over %d images", sum / oof.size(), oof.size());
        assertTrue(printed.contains(expected), "evaluate printed the score " + expected + ":\n" + printed);
        assertTrue(Files.isRegularFile(out.resolve("oof-per-image.csv")));
    }

    @Test
    void helpOffersTrainsOptionsWithTheCpuSizedDefaults() {
        LauncherRun help = LauncherRun.discovered("pipeline", "--help");
        assertEquals(ExitCode.OK, help.code(), help.err());
        String text = help.out().replaceAll("\\s+", " ");
        for (String expected : List.of("epochs per fold (default 8)", "network width factor (default 0.5;",
                "training batch size (default 16;", "cross-validation folds (default 10)",
                "auto, cpu, cuda or cuda:N (default auto); without a usable CUDA device training uses the CPU;"
                        + " scoring then runs on the CPU with cpu, else auto")) {
            assertTrue(text.contains(expected), expected + " missing from:\n" + help.out());
        }
        // train's other options keep train's defaults and are not offered here
        assertFalse(text.contains("--lr"), help.out());
        assertFalse(text.contains("--no-augment"), help.out());
    }

    private static String run(String... args) {
        LauncherRun run = LauncherRun.discovered(args);
        assertEquals(ExitCode.OK, run.code(), String.join(" ", args) + " failed:\n" + run.out() + run.err());
        return run.out();
    }
}

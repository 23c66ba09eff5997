package org.tgssalt.export.threshold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.dataset.SubmissionCsv;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.oof.OutOfFoldProbabilities;
import org.tgssalt.testing.LauncherRun;
import org.tgssalt.testing.TestGraphs;

class TuneThresholdCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesTheBestThresholdIntoTheManifest() throws Exception {
        Path data = dir.resolve("data");
        Path manifest = writeFixture(data);

        LauncherRun run = tuneThreshold("--checkpoints", dir.resolve("run").toString(), "--models",
                dir.resolve("models").toString(), "--data", data.toString());
        assertEquals(0, run.code(), run.err());
        EnsembleManifest tuned = EnsembleManifest.read(manifest);
        // Ties (all thresholds 0.30..0.45 score 1.0) go to the one nearest 0.5.
        assertEquals(0.45, tuned.threshold().value(), 1e-12);
        assertTrue(tuned.threshold().tunedFrom().contains("4 images"), tuned.threshold().tunedFrom());
        String printed = run.out();
        assertTrue(printed.startsWith("threshold 0.45: mAP 1.0000 on 4 out-of-fold images (0.0000 at 0.50, gain +1.0000)"),
                printed);
    }

    /**
     * A one-fold ramp ensemble in {@code dir/models}, two folds of out-of-fold probabilities in
     * {@code dir/run} and their true masks in {@code data/train.csv}; returns the manifest.
     */
    private Path writeFixture(Path data) throws Exception {
        Path manifest = TestGraphs.writeRampEnsemble(dir.resolve("models"), new float[][] {{1f, 0f}}, false);
        // Two folds of out-of-fold probabilities: every salt pixel at 0.455, every other pixel at 0.2.
        // At 0.5 nothing is salt; at any threshold <= 0.45 the masks are exact (0.455f > 0.45 as doubles).
        Map<String, BinaryMask> truth = new TreeMap<>();
        int s = KaggleImage.SIDE;
        for (int fold = 1; fold <= 2; fold++) {
            float[] p = new float[2 * s * s];
            List<String> ids = List.of("f" + fold + "a", "f" + fold + "b");
            for (int i = 0; i < 2; i++) {
                boolean[] salt = new boolean[s * s];
                for (int k = 0; k < s * s; k++) {
                    salt[k] = (k / s) < 30 + 20 * i;
                    p[i * s * s + k] = salt[k] ? 0.455f : 0.2f;
                }
                truth.put(ids.get(i), new BinaryMask(s, s, salt));
            }
            OutOfFoldProbabilities.write(dir.resolve("run/fold-" + fold + "/oof"), ids, p);
        }
        java.nio.file.Files.createDirectories(data.resolve("train/images"));
        SubmissionCsv.write(data.resolve("train.csv"), new HashMap<>(truth));

        return manifest;
    }

    @Test
    void missingModelsIsAUsageError() {
        LauncherRun run = tuneThreshold("--checkpoints", dir.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("Missing required option: models"), run.err());
    }

    @Test
    void missingDataIsAUsageError() throws Exception {
        writeFixture(dir.resolve("data"));
        String shared = System.getProperty("tgs.shared.dir");
        System.setProperty("tgs.shared.dir", dir.resolve("no-shared-folder").toString());
        try {
            LauncherRun run = tuneThreshold("--checkpoints", dir.resolve("run").toString(), "--models",
                    dir.resolve("models").toString());
            assertEquals(2, run.code());
            assertTrue(run.err().startsWith(
                    "tgs tune-threshold: --data is needed: the dataset root with the true train masks"), run.err());
        } finally {
            restore(shared);
        }
    }

    @Test
    void withoutDataTheSharedTgsFolderGivesTheMasks() throws Exception {
        Path manifest = writeFixture(dir.resolve("shared/tgs"));
        String shared = System.getProperty("tgs.shared.dir");
        System.setProperty("tgs.shared.dir", dir.resolve("shared").toString());
        try {
            LauncherRun run = tuneThreshold("--checkpoints", dir.resolve("run").toString(), "--models",
                    dir.resolve("models").toString());
            assertEquals(0, run.code(), run.err());
            assertEquals(0.45, EnsembleManifest.read(manifest).threshold().value(), 1e-12);
        } finally {
            restore(shared);
        }
    }

    /** {@code tune-threshold ARGS} the way {@code ./tgs} runs it. */
    private static LauncherRun tuneThreshold(String... args) {
        String[] line = new String[args.length + 1];
        line[0] = "tune-threshold";
        System.arraycopy(args, 0, line, 1, args.length);
        return LauncherRun.of(List.of(new TuneThresholdCommand()), line);
    }

    private static void restore(String shared) {
        if (shared == null) {
            System.clearProperty("tgs.shared.dir");
        } else {
            System.setProperty("tgs.shared.dir", shared);
        }
    }
}

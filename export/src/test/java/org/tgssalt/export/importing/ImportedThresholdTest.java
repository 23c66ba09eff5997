package org.tgssalt.export.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.dataset.SubmissionCsv;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.parity.ParityCheck;
import org.tgssalt.export.threshold.TuneThresholdCommand;
import org.tgssalt.geometry.ImageConvention;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.oof.OutOfFoldProbabilities;
import org.tgssalt.testing.LauncherRun;

/**
 * {@code tune-threshold} on an imported ensemble: the out-of-fold probabilities of the foreign training run laid
 * out as {@code RUN/fold-K/oof/{ids.txt, probabilities.f32}} and passed as {@code --checkpoints RUN}.
 */
class ImportedThresholdTest {
    @TempDir
    Path dir;

    @Test
    void outOfFoldProbabilitiesOfTheImportedFoldsTuneItsThreshold() throws Exception {
        Path graph = Files.write(dir.resolve("fold-1.onnx"),
                ForeignStyleGraphs.tiny(GraphBuilder.BATCH, 1, 129, 17).toByteArray());
        Path models = dir.resolve("models");
        new GraphImporter(s -> { }).importGraphs(new GraphImporter.Request(List.of(graph), models,
                ImageConvention.REFERENCE, null, null, false, null, ParityCheck.TOLERANCE));
        // Salt pixels at 0.455, the rest at 0.2: exact masks at any threshold <= 0.45, none at 0.5.
        int s = KaggleImage.SIDE;
        Map<String, BinaryMask> truth = new HashMap<>();
        float[] p = new float[2 * s * s];
        List<String> ids = List.of("a", "b");
        for (int i = 0; i < 2; i++) {
            boolean[] salt = new boolean[s * s];
            for (int k = 0; k < s * s; k++) {
                salt[k] = k / s < 40 + 30 * i;
                p[i * s * s + k] = salt[k] ? 0.455f : 0.2f;
            }
            truth.put(ids.get(i), new BinaryMask(s, s, salt));
        }
        OutOfFoldProbabilities.write(dir.resolve("run/fold-1/oof"), ids, p);
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("train/images"));
        SubmissionCsv.write(data.resolve("train.csv"), truth);
        LauncherRun run = LauncherRun.of(List.of(new TuneThresholdCommand()), "tune-threshold", "--checkpoints",
                dir.resolve("run").toString(), "--models", models.toString(), "--data", data.toString());
        assertEquals(0, run.code(), run.err());
        EnsembleManifest tuned = EnsembleManifest.read(models.resolve(EnsembleManifest.FILE_NAME));
        assertEquals(0.45, tuned.threshold().value(), 1e-12);
        assertTrue(tuned.threshold().tunedFrom().contains("2 images"), tuned.threshold().tunedFrom());
        assertEquals("fold-1.onnx", tuned.provenance().get("fold-1.source"));
    }
}

package org.tgssalt.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.io.Sha256;
import org.tgssalt.manifest.Calibration;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.FoldGraph;
import org.tgssalt.manifest.Int8Graphs;
import org.tgssalt.manifest.Int8Quality;
import org.tgssalt.manifest.ManifestException;
import org.tgssalt.manifest.Precision;
import org.tgssalt.testing.TestGraphs;

/**
 * {@link EnsembleOptions#precision()}: float32 by default; int8 runs the graphs of the manifest's int8 section
 * (here ramp graphs of other parameters, so that which graph ran shows in the output); int8 asked for from a
 * manifest without int8 graphs is one clear error.
 */
class FoldEnsemblePrecisionTest {
    @TempDir
    Path dir;

    private static final float[][] FP32 = {{2f, 1f}};
    private static final float A8 = -3f;
    private static final float B8 = 0.5f;

    private Path withInt8Section() throws IOException {
        Path json = TestGraphs.writeRampEnsemble(dir, FP32, false);
        byte[] bytes = TestGraphs.rampFold(A8, B8);
        Files.write(dir.resolve("fold-1.int8.onnx"), bytes);
        EnsembleManifest m = EnsembleManifest.read(json).withInt8(new Int8Graphs(
                List.of(new FoldGraph(1, "fold-1.int8.onnx", Sha256.of(bytes), null, Precision.INT8)), null,
                new Calibration("minmax", null, 8, Calibration.GENERATED, "c".repeat(64), 8),
                new Int8Quality(8, 0.01, 0.001, 0, 0.5, null, null, null, 0.005)));
        m.write(json);
        return json;
    }

    private static EnsembleOptions options(Precision precision) {
        return EnsembleOptions.builder().device(ExecutionDevice.CPU).tta(false).precision(precision).build();
    }

    @Test
    void int8RunsTheInt8SectionsGraphsAndFp32StaysTheDefault() throws IOException {
        Path json = withInt8Section();
        float[] pixels = new float[TestGraphs.SIZE * TestGraphs.SIZE];
        java.util.Arrays.fill(pixels, 0.25f);
        float[][] image = {pixels};
        assertEquals(Precision.FP32, EnsembleOptions.defaults().precision());
        try (FoldEnsemble fp32 = FoldEnsemble.open(json, options(null));
                FoldEnsemble int8 = FoldEnsemble.open(json, options(Precision.INT8))) {
            assertEquals(Precision.FP32, fp32.precision());
            assertEquals(Precision.INT8, int8.precision());
            int column = 40;
            assertEquals(TestGraphs.rampProbability(2, 1, 0.25, column), fp32.probabilities(image)[0][column], 1e-6);
            assertEquals(TestGraphs.rampProbability(A8, B8, 0.25, column), int8.probabilities(image)[0][column], 1e-6);
        }
    }

    @Test
    void int8FromAManifestWithoutInt8GraphsIsOneClearError() throws IOException {
        Path json = TestGraphs.writeRampEnsemble(dir, FP32, true);
        ManifestException e = assertThrows(ManifestException.class,
                () -> FoldEnsemble.open(json, options(Precision.INT8)).close());
        assertEquals(json + ": no int8 graphs listed (precision int8 asked for); export with --int8, or score with "
                + "--precision fp32", e.getMessage());
    }

    @Test
    void int8FusedAskedForWithoutOneIsNamed() throws IOException {
        Path json = withInt8Section();
        EnsembleOptions fused = EnsembleOptions.builder().device(ExecutionDevice.CPU).fused(true)
                .precision(Precision.INT8).build();
        ManifestException e = assertThrows(ManifestException.class, () -> FoldEnsemble.open(json, fused).close());
        assertEquals(json + ": no int8 fused graph listed; export with --fused --int8, or score with the separate "
                + "fold graphs", e.getMessage());
    }
}

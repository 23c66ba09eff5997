package org.tgssalt.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.ensemble.EnsembleOptions;
import org.tgssalt.ensemble.FoldEnsemble;
import org.tgssalt.export.graph.ExportOptions;
import org.tgssalt.export.int8.CalibrationMethod;
import org.tgssalt.export.int8.Int8Export;
import org.tgssalt.export.int8.Int8Settings;
import org.tgssalt.export.parity.ParityImages;
import org.tgssalt.image.GrayImage;
import org.tgssalt.manifest.Calibration;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.Int8Graphs;
import org.tgssalt.manifest.ManifestException;
import org.tgssalt.manifest.Precision;

/**
 * End to end: briefly trained fold checkpoints -> float32 and int8 fold graphs and fused graphs; the int8 fused
 * graph equals the int8 fold graphs with flip TTA and the mean; the manifest's int8 section; every int8 graph
 * passes the ONNX project's checker.
 */
class SaltNetExporterInt8Test {
    @TempDir
    static Path work;
    static Path out;
    static SaltNetExporter.ExportResult result;

    @BeforeAll
    static void exportTwoFoldsWithInt8() throws Exception {
        Path checkpoints = work.resolve("run");
        out = work.resolve("models");
        BrieflyTrainedCheckpoints.write(checkpoints, 2, 2);
        // No data folder: generated calibration images, as the manifest must then say.
        Int8Settings settings = new Int8Settings(8, CalibrationMethod.MINMAX, Int8Settings.DEFAULT_TOLERANCE, 8, 8);
        List<String> log = new ArrayList<>();
        result = new SaltNetExporter(log::add).export(new SaltNetExporter.Request(checkpoints, out, true, null,
                ExportOptions.DEFAULT, 1e-4, settings));
        log.forEach(System.out::println);
    }

    @Test
    void manifestListsTheInt8GraphsWithTheirProvenance() {
        Int8Graphs int8 = result.manifest().int8();
        assertNotNull(int8);
        assertEquals(2, result.manifest().schemaVersion());
        assertEquals(List.of("fold-1.int8.onnx", "fold-2.int8.onnx"),
                int8.folds().stream().map(f -> f.file()).toList());
        assertEquals(Int8Export.FUSED_FILE, int8.fused().file());
        assertEquals(Calibration.GENERATED, int8.calibration().source());
        assertEquals("minmax", int8.calibration().method());
        assertEquals(8, int8.calibration().images());
        assertEquals(8, int8.quality().heldOutImages());
        assertNull(int8.quality().oofImages(), "these checkpoints carry no out-of-fold probabilities");
        assertTrue(int8.quality().maxAbsDifference() >= int8.quality().meanAbsDifference());
        assertTrue(int8.quality().maskFlipShare() >= 0 && int8.quality().maskFlipShare() <= 1);
        for (var f : int8.folds()) {
            assertTrue(Files.isRegularFile(out.resolve(f.file())), f.file());
        }
    }

    @Test
    void int8FusedGraphEqualsTheInt8FoldGraphsWithTtaAndMean() {
        List<GrayImage> images = ParityImages.collect(null, 8, 99);
        EnsembleOptions separate = EnsembleOptions.builder().device(ExecutionDevice.CPU).tta(true).fused(false)
                .precision(Precision.INT8).build();
        Path json = out.resolve(EnsembleManifest.FILE_NAME);
        try (FoldEnsemble folds = FoldEnsemble.open(json, separate);
                FoldEnsemble fused = FoldEnsemble.open(json, separate.toBuilder().fused(true).build())) {
            assertEquals(Precision.INT8, fused.precision());
            List<float[]> a = folds.probabilities(images);
            List<float[]> b = fused.probabilities(images);
            double max = 0;
            for (int i = 0; i < a.size(); i++) {
                for (int j = 0; j < a.get(i).length; j++) {
                    max = Math.max(max, Math.abs(a.get(i)[j] - b.get(i)[j]));
                }
            }
            // The same integer kernels on the same values; only the float sums of TTA and mean are ordered differently.
            assertTrue(max <= Int8Export.FUSED_TOLERANCE, "max |fused - separate| " + max);
        }
    }

    @Test
    void tamperedInt8GraphIsRefusedWhenOpened() throws IOException {
        Path copy = work.resolve("tampered");
        Files.createDirectories(copy);
        try (var files = Files.list(out)) {
            for (Path p : files.toList()) {
                Files.copy(p, copy.resolve(p.getFileName()));
            }
        }
        Path graph = copy.resolve("fold-2.int8.onnx");
        byte[] bytes = Files.readAllBytes(graph);
        bytes[bytes.length / 2] ^= 1;
        Files.write(graph, bytes);
        EnsembleOptions int8 = EnsembleOptions.builder().device(ExecutionDevice.CPU).fused(false)
                .precision(Precision.INT8).build();
        ManifestException e = assertThrows(ManifestException.class,
                () -> FoldEnsemble.open(copy.resolve(EnsembleManifest.FILE_NAME), int8).close());
        assertTrue(e.getMessage().startsWith(graph + ": SHA-256 "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(the file changed after export)"), e.getMessage());
    }

    @Test
    void everyInt8GraphPassesTheOnnxChecker() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python), "no /usr/bin/python3: ONNX checker not run");
        Process probe = new ProcessBuilder(python.toString(), "-c", "import onnx").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        Assumptions.assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "python3-onnx is not installed (apt-get install python3-onnx): ONNX checker not run");
        for (String file : List.of("fold-1.int8.onnx", "fold-2.int8.onnx", Int8Export.FUSED_FILE)) {
            Process p = new ProcessBuilder(python.toString(), "-c",
                    "import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)",
                    out.resolve(file).toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), file + ": checker did not finish");
            assertEquals(0, p.exitValue(), file + ": " + output);
        }
    }
}

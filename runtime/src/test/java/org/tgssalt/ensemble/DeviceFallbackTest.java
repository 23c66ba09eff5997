package org.tgssalt.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.testing.TestGraphs;

/**
 * Device {@code auto} without a usable GPU: the CPU build (no CUDA provider) stays quiet, the GPU
 * build warns once per process with the reason. Which one runs depends on the Maven profile
 * ({@code -Pgpu} puts the GPU jar on the test class path); the other test is skipped.
 */
class DeviceFallbackTest {
    private static final float[][] FOLDS = {{1f, 1f}, {2f, 1f}, {3f, 1f}};

    @TempDir
    Path dir;
    // Held for the test's length: JUL keeps loggers weakly, a collected one would lose the handler.
    private final Logger logger = Logger.getLogger(GraphLoader.class.getName());
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    @Test
    void cpuBuildStaysQuietAndReportsWhy() throws Exception {
        OnnxRuntimeInfo ort = SharedEnvironment.get(0).onnxRuntime();
        Assumptions.assumeFalse(ort.offersCuda(), "the GPU build is loaded: " + ort.describe());
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, EnsembleOptions.builder().build())) {
            assertEquals("cpu", ensemble.device());
            assertEquals("ONNX Runtime " + ort.artifact() + " " + ort.version()
                    + " offers no CUDA execution provider (providers CPU)", ensemble.cudaFailure());
            assertEquals(ort, ensemble.onnxRuntime());
        }
        assertTrue(records.stream().noneMatch(r -> r.getLevel().intValue() >= Level.INFO.intValue()),
                () -> "the CPU build logged: " + records.stream().map(LogRecord::getMessage).toList());
    }

    @Test
    void gpuBuildWarnsOncePerProcessWithTheReason() throws Exception {
        SharedEnvironment shared = SharedEnvironment.get(0);
        Assumptions.assumeTrue(shared.onnxRuntime().offersCuda(), "the CPU build is loaded: "
                + shared.onnxRuntime().describe());
        boolean firstFallbackHere = shared.cudaFallback() == null;
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        String firstReason;
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, EnsembleOptions.builder().build())) {
            Assumptions.assumeTrue(ensemble.device().equals("cpu"), "CUDA works here: nothing falls back");
            firstReason = ensemble.cudaFailure();
        }
        try (FoldEnsemble again = FoldEnsemble.open(json, EnsembleOptions.builder().build())) {
            assertEquals("cpu", again.device());
            assertEquals(firstReason, again.cudaFailure(), "the second ensemble reports the same reason");
        }
        List<String> warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING)
                .map(LogRecord::getMessage).toList();
        assertEquals(firstFallbackHere ? 1 : 0, warnings.size(),
                "one warning per process for two ensembles of three folds: " + warnings);
        if (firstFallbackHere) {
            String line = warnings.get(0);
            assertEquals("device auto: CUDA unavailable (" + firstReason + "); running on the CPU"
                    + GraphLoader.FALLBACK_HINT, line);
            assertFalse(line.contains("not compiled with CUDA support"), "the CPU library was loaded: " + line);
        }
    }
}

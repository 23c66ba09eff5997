package org.tgssalt.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.testing.TestGraphs;

/**
 * Device selection with and without a usable CUDA provider, on any machine and either build: each test gives
 * the ensemble a {@link CudaProvider} of its own (the CPU build's missing provider, the GPU build's provider
 * failing for want of a driver, or one that works) instead of whatever this machine offers. The CPU build
 * stays quiet; the GPU build warns once per process with the reason; a working provider runs on CUDA.
 */
class DeviceFallbackTest {
    private static final float[][] FOLDS = {{1f, 1f}, {2f, 1f}, {3f, 1f}};
    /** What the GPU build's provider says on a machine without CUDA (ONNX Runtime 1.23, first line). */
    private static final String NO_CUDA_LIBRARY = "Failed to find CUDA shared provider";
    private static final EnsembleOptions AUTO = EnsembleOptions.builder().device(ExecutionDevice.AUTO).build();

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

    /** The loaded library as the CPU build would describe it: same artifact and version, only the CPU provider. */
    private static OnnxRuntimeInfo cpuBuild() {
        OnnxRuntimeInfo ort = SharedEnvironment.get(0).onnxRuntime();
        return new OnnxRuntimeInfo(ort.artifact(), ort.version(), List.of("CPU"), ort.jar(), List.of());
    }

    /** A GPU build's provider on a machine without CUDA: every attempt fails; counts the attempts. */
    private static CudaProvider failingGpuBuild(AtomicInteger attempts) {
        return CudaProvider.offered((options, id) -> {
            attempts.incrementAndGet();
            throw new OrtException(NO_CUDA_LIBRARY + "\nmore lines from the native library");
        });
    }

    private List<String> warnings() {
        return records.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
    }

    @Test
    void cpuBuildStaysQuietAndReportsWhy() throws Exception {
        OnnxRuntimeInfo cpu = cpuBuild();
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, AUTO, CudaProvider.of(cpu))) {
            assertEquals("cpu", ensemble.device());
            assertEquals("ONNX Runtime " + cpu.artifact() + " " + cpu.version()
                    + " offers no CUDA execution provider (providers CPU)", ensemble.cudaFailure());
            assertEquals(SharedEnvironment.get(0).onnxRuntime(), ensemble.onnxRuntime());
        }
        assertTrue(records.stream().noneMatch(r -> r.getLevel().intValue() >= Level.INFO.intValue()),
                () -> "the CPU build logged: " + records.stream().map(LogRecord::getMessage).toList());
    }

    @Test
    void gpuBuildWarnsOncePerProcessWithTheReason() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CudaProvider cuda = failingGpuBuild(attempts);
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        String firstReason;
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, AUTO, cuda)) {
            assertEquals("cpu", ensemble.device());
            firstReason = ensemble.cudaFailure();
        }
        try (FoldEnsemble again = FoldEnsemble.open(json, AUTO, cuda)) {
            assertEquals("cpu", again.device());
            assertEquals(firstReason, again.cudaFailure(), "the second ensemble reports the same reason");
        }
        assertEquals(NO_CUDA_LIBRARY, firstReason, "the first line of ONNX Runtime's message");
        assertEquals(1, attempts.get(), "one attempt for two ensembles of three folds");
        List<String> warnings = warnings();
        assertEquals(1, warnings.size(), "one warning per process for two ensembles of three folds: " + warnings);
        String line = warnings.get(0);
        assertEquals("device auto: CUDA unavailable (" + firstReason + "); running on the CPU"
                + GraphLoader.FALLBACK_HINT, line);
        assertFalse(line.contains("not compiled with CUDA support"), "the CPU library was loaded: " + line);
    }

    @Test
    void workingCudaRunsThereWithoutAWord() throws Exception {
        // Attaching nothing stands for a provider that works: the sessions say which device they were given.
        List<Integer> devices = new ArrayList<>();
        CudaProvider cuda = CudaProvider.offered((options, id) -> devices.add(id));
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, AUTO, cuda)) {
            assertEquals("cuda:0", ensemble.device());
            assertNull(ensemble.cudaFailure());
        }
        try (FoldEnsemble ensemble = FoldEnsemble.open(json,
                AUTO.toBuilder().device(ExecutionDevice.cuda(1)).build(), cuda)) {
            assertEquals("cuda:1", ensemble.device());
        }
        assertEquals(List.of(0, 0, 0, 1, 1, 1), devices, "every fold session asks for its device");
        assertTrue(records.isEmpty(), () -> "logged: " + records.stream().map(LogRecord::getMessage).toList());
    }

    @Test
    void cudaOnTheCpuBuildFailsNamingTheBuildToUse() throws Exception {
        OnnxRuntimeInfo cpu = cpuBuild();
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        InputException e = assertThrows(InputException.class, () -> FoldEnsemble.open(json,
                AUTO.toBuilder().device(ExecutionDevice.cuda(0)).build(), CudaProvider.of(cpu)));
        assertEquals("device cuda:0: the CUDA execution provider cannot be used: ONNX Runtime "
                + cpu.artifact() + " " + cpu.version() + " offers no CUDA execution provider (providers CPU)"
                + " (use the GPU build of ONNX Runtime, onnxruntime_gpu: TGS_FLAVOUR=gpu for ./tgs, "
                + "Maven profile gpu)", e.getMessage());
    }

    @Test
    void cudaOnTheGpuBuildWithoutCudaFailsWithTheReason() throws Exception {
        Path json = TestGraphs.writeRampEnsemble(dir, FOLDS, false);
        InputException e = assertThrows(InputException.class, () -> FoldEnsemble.open(json,
                AUTO.toBuilder().device(ExecutionDevice.cuda(0)).build(), failingGpuBuild(new AtomicInteger())));
        assertEquals("device cuda:0: the CUDA execution provider cannot be used: " + NO_CUDA_LIBRARY
                + GraphLoader.FALLBACK_HINT, e.getMessage());
        assertTrue(warnings().isEmpty(), "a refused cuda request is an error, not a warning: " + warnings());
    }

    @Test
    void theProcessProviderIsTheLoadedBuilds() {
        SharedEnvironment shared = SharedEnvironment.get(0);
        assertEquals(shared.onnxRuntime().offersCuda(), shared.cuda().offered(), shared.onnxRuntime().describe());
        assertEquals(shared.cuda().offered(), shared.cuda().absence() == null);
    }
}

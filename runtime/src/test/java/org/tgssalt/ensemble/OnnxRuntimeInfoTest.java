package org.tgssalt.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The loaded ONNX Runtime as the build chose it (Maven profile gpu: onnxruntime_gpu). */
class OnnxRuntimeInfoTest {
    private static final String EXPECTED = System.getProperty("tgs.onnxruntime.artifact", "onnxruntime");

    @Test
    void namesTheArtifactTheBuildChose() {
        OnnxRuntimeInfo ort = SharedEnvironment.get(0).onnxRuntime();
        assertEquals(EXPECTED, ort.artifact(), ort.describe());
        assertTrue(ort.version().matches("\\d+\\.\\d+\\.\\d+"), ort.describe());
        assertEquals(EXPECTED + "-" + ort.version() + ".jar", ort.jar(), ort.describe());
        assertEquals(List.of(), ort.otherJars(), "one ONNX Runtime jar on the test class path");
    }

    @Test
    void listsCudaExactlyForTheGpuBuild() {
        OnnxRuntimeInfo ort = SharedEnvironment.get(0).onnxRuntime();
        assertEquals("CPU", ort.providers().get(ort.providers().size() - 1), ort.describe());
        assertEquals(EXPECTED.equals("onnxruntime_gpu"), ort.offersCuda(), ort.describe());
    }

    @Test
    void describesInOneLine() {
        OnnxRuntimeInfo cpu = new OnnxRuntimeInfo("onnxruntime", "1.23.2", List.of("CPU"), "onnxruntime-1.23.2.jar",
                List.of());
        assertEquals("onnxruntime 1.23.2 (onnxruntime-1.23.2.jar), execution providers CPU", cpu.describe());
        OnnxRuntimeInfo both = new OnnxRuntimeInfo("onnxruntime", "1.23.2", List.of("CPU"), "onnxruntime-1.23.2.jar",
                List.of("onnxruntime_gpu-1.23.2.jar"));
        assertEquals("onnxruntime 1.23.2 (onnxruntime-1.23.2.jar), execution providers CPU; "
                + "also on the class path, unused: onnxruntime_gpu-1.23.2.jar", both.describe());
    }
}

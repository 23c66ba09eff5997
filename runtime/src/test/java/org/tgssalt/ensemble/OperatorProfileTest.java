package org.tgssalt.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.ensemble.OperatorProfile.OperatorTime;
import org.tgssalt.testing.TestGraphs;

/** Reading ONNX Runtime's traces: hand-written ones with known sums, and real ones from a profiled ensemble. */
class OperatorProfileTest {
    @TempDir
    Path dir;

    private static String kernel(String node, String op, String provider, long micros) {
        return "{\"cat\":\"Node\",\"pid\":1,\"tid\":1,\"dur\":" + micros + ",\"ts\":5,\"ph\":\"X\",\"name\":\"" + node
                + "_kernel_time\",\"args\":{\"op_name\":\"" + op + "\",\"provider\":\"" + provider + "\"}}";
    }

    private static String session(String name, long micros) {
        return "{\"cat\":\"Session\",\"pid\":1,\"tid\":1,\"dur\":" + micros + ",\"ts\":1,\"ph\":\"X\",\"name\":\""
                + name + "\",\"args\":{}}";
    }

    @Test
    void sumsKernelTimePerOperatorAndProviderOverEveryTrace() throws IOException {
        Path a = Files.writeString(dir.resolve("a.json"), "[\n" + String.join(",\n",
                session("model_loading_uri", 900), session("model_run", 100),
                kernel("conv1", "Conv", "CPUExecutionProvider", 30),
                "{\"cat\":\"Node\",\"dur\":999,\"name\":\"conv1_fence_before\",\"args\":{\"op_name\":\"Conv\"}}",
                kernel("relu1", "Relu", "CPUExecutionProvider", 5),
                session("model_run", 120), kernel("conv1", "Conv", "CPUExecutionProvider", 40)) + "\n]\n");
        Path b = Files.writeString(dir.resolve("b.json"), "[" + String.join(",",
                session("model_run", 50), kernel("qconv", "QLinearConv", "CPUExecutionProvider", 10),
                kernel("conv9", "Conv", "CUDAExecutionProvider", 7)) + "]");

        OperatorProfile profile = OperatorProfile.read(List.of(a, b));

        assertEquals(List.of(new OperatorTime("Conv", "CPU", 2, 70), new OperatorTime("QLinearConv", "CPU", 1, 10),
                new OperatorTime("Conv", "CUDA", 1, 7), new OperatorTime("Relu", "CPU", 1, 5)), profile.operators());
        assertEquals(3, profile.runs());
        assertEquals(270, profile.runMicros());
        assertEquals(92, profile.kernelMicros());
        assertEquals(70.0 / 92, profile.share(profile.operators().get(0)), 1e-12);
    }

    @Test
    void refusesWhatIsNotATraceNamingTheFile() throws IOException {
        Path object = Files.writeString(dir.resolve("object.json"), "{\"cat\":\"Node\"}");
        InputException e = assertThrows(InputException.class, () -> OperatorProfile.read(List.of(object)));
        assertEquals(object + ": not an ONNX Runtime profile: expected a JSON array of events", e.getMessage());

        Path cut = Files.writeString(dir.resolve("cut.json"), "[" + session("model_run", 1) + ",{\"cat\":");
        e = assertThrows(InputException.class, () -> OperatorProfile.read(List.of(cut)));
        assertTrue(e.getMessage().startsWith(cut + ": not an ONNX Runtime profile: "), e.getMessage());

        Path missing = dir.resolve("missing.json");
        e = assertThrows(InputException.class, () -> OperatorProfile.read(List.of(missing)));
        assertEquals(missing + ": no such ONNX Runtime profile", e.getMessage());
    }

    @Test
    void profilesEverySessionOfARealEnsemble() throws IOException {
        Path json = TestGraphs.writeConvStackEnsemble(dir.resolve("models"), 2, 4, 3);
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        EnsembleOptions options = EnsembleOptions.builder().device(ExecutionDevice.CPU).fused(false).tta(false)
                .profileDirectory(profiles).build();
        float[] image = new float[KaggleImage.PIXELS];
        Random random = new Random(3);
        for (int p = 0; p < image.length; p++) {
            image[p] = random.nextFloat();
        }
        List<Path> traces;
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, options)) {
            for (int i = 0; i < 5; i++) {
                ensemble.probability(image);
            }
            traces = ensemble.endProfiling();
        }
        assertEquals(2, traces.size(), traces.toString());
        for (Path trace : traces) {
            assertEquals(profiles, trace.toAbsolutePath().getParent());
            assertTrue(trace.getFileName().toString().startsWith("fold-"), trace.toString());
        }
        OperatorProfile profile = OperatorProfile.read(traces);
        assertEquals(2 * 5, profile.runs(), "5 images, one run per fold graph each");
        long convCalls = profile.operators().stream().filter(t -> t.operator().equals("Conv")
                && t.provider().equals("CPU")).mapToLong(OperatorTime::calls).sum();
        // Each conv-stack graph has 3 + 2 convolutions (1 -> 4, three 4 -> 4, 4 -> 1).
        assertEquals(2 * 5 * (3 + 2), convCalls, profile.operators().toString());
        assertTrue(profile.kernelMicros() > 0 && profile.kernelMicros() <= profile.runMicros(), profile.toString());
    }

    @Test
    void endingAProfileNeedsAProfileFolder() throws IOException {
        Path json = TestGraphs.writeConvStackEnsemble(dir.resolve("models"), 1, 2, 1);
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, EnsembleOptions.builder().device(ExecutionDevice.CPU)
                .build())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, ensemble::endProfiling);
            assertEquals("the ensemble was opened without a profile folder", e.getMessage());
        }
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        InputException e = assertThrows(InputException.class, () -> FoldEnsemble.open(json, EnsembleOptions.builder()
                .device(ExecutionDevice.CPU).profileDirectory(file).build()));
        assertEquals(file + ": not a folder (profiles are written into an existing folder)", e.getMessage());
    }
}

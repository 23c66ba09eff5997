package org.tgssalt.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.ensemble.OnnxRuntimeInfo;
import org.tgssalt.scoring.ScoreReport;

/**
 * The packaged distribution ({@code app/target/lib}, the class path of {@code ./tgs}) of whichever
 * flavour this build made: {@code mvn -B verify} checks the CPU flavour, {@code TGS_FLAVOUR=gpu mvn -B
 * verify} (or {@code -Pgpu}) the GPU flavour. One ONNX Runtime jar, no artifact twice, and a real
 * {@code score --device auto} in a fresh JVM on that class path names the loaded artifact and its
 * execution providers; the CPU flavour says nothing about CUDA on stderr, the GPU flavour on a
 * machine without a GPU warns once with the CUDA provider's own reason.
 */
class DistributionIT {
    private static final String ARTIFACT = System.getProperty("tgs.onnxruntime.artifact");
    private static final String VERSION = System.getProperty("tgs.onnxruntime.version");
    private static final Path LIB = Path.of(System.getProperty("tgs.lib.dir"));
    private static final Path CLASSES = Path.of(System.getProperty("tgs.classes.dir"));
    private static final Path ROOT = Path.of(System.getProperty("tgs.source.root"));
    /** artifact-version[-classifier].jar: the artifact id ends before the first "-digit". */
    private static final Pattern JAR = Pattern.compile("(.+?)-(\\d.*)\\.jar");

    @TempDir
    Path dir;

    @Test
    void libHoldsExactlyTheOnnxRuntimeJarOfThisFlavour() throws IOException {
        List<String> onnxRuntime = jars().stream().filter(n -> n.matches("onnxruntime(_gpu)?-\\d.*\\.jar")).toList();
        assertEquals(List.of(ARTIFACT + "-" + VERSION + ".jar"), onnxRuntime, "ONNX Runtime jars in " + LIB);
    }

    @Test
    void noArtifactIsThereTwice() throws IOException {
        Map<String, List<String>> byArtifact = new TreeMap<>();
        for (String jar : jars()) {
            Matcher m = JAR.matcher(jar);
            assertTrue(m.matches(), "not an artifact-version.jar name: " + jar);
            byArtifact.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(jar);
        }
        byArtifact.values().removeIf(list -> list.size() == 1);
        assertEquals(Map.of(), byArtifact, "artifacts with more than one jar in " + LIB);
    }

    @Test
    void scoreNamesTheLoadedOnnxRuntimeAndItsProviders() throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        try (Stream<Path> samples = Files.list(ROOT.resolve("samples/data/test/images"))) {
            for (Path png : samples.sorted().limit(2).toList()) {
                Files.copy(png, images.resolve(png.getFileName()));
            }
        }
        Path submission = dir.resolve("out/submission.csv");
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Djava.awt.headless=true", "-Dtgs.home=" + ROOT,
                "-Djava.util.logging.SimpleFormatter.format=%4$s: %5$s%6$s%n",
                "-cp", LIB + "/*:" + CLASSES, "org.tgssalt.cli.Launcher",
                "score", "--models", ROOT.resolve("samples/models").toString(), "--images", images.toString(),
                "--out", submission.toString(), "--overlays", "none", "--fused", "--device", "auto")
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "score did not finish in 300 s");
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "score failed:\n" + err);

        ScoreReport report = ScoreReport.read(dir.resolve("out/submission.report.json"));
        OnnxRuntimeInfo ort = report.onnxRuntime();
        assertEquals(ARTIFACT, ort.artifact(), ort.describe());
        assertEquals(VERSION, ort.version(), ort.describe());
        assertEquals(ARTIFACT + "-" + VERSION + ".jar", ort.jar(), ort.describe());
        assertEquals(List.of(), ort.otherJars(), ort.describe());
        assertTrue(out.contains("ONNX Runtime " + ort.describe() + "\n"), out);

        if (ARTIFACT.equals("onnxruntime")) {
            assertFalse(ort.offersCuda(), ort.describe());
            assertEquals(List.of(), err.lines().filter(l -> l.contains("CUDA")).toList(),
                    "the CPU flavour stays quiet about CUDA");
            assertEquals("cpu", report.device());
            assertEquals("ONNX Runtime onnxruntime " + VERSION + " offers no CUDA execution provider (providers CPU)",
                    report.cudaFailure());
        } else {
            assertTrue(ort.offersCuda(), "the GPU flavour lists CUDA: " + ort.describe());
            // ONNX Runtime's own native log line (naming the missing CUDA library) may come before ours.
            List<String> cudaLines = err.lines().filter(l -> l.startsWith("WARNING: ") && l.contains("CUDA")).toList();
            if (report.device().equals("cpu")) {
                assertEquals(List.of("WARNING: device auto: CUDA unavailable (" + report.cudaFailure()
                        + "); running on the CPU (the GPU build needs an NVIDIA driver, CUDA 12 and cuDNN 9)"),
                        cudaLines, "one line with the reason");
                assertFalse(report.cudaFailure().contains("not compiled with CUDA support"), report.cudaFailure());
            } else {
                assertEquals(List.of(), cudaLines, "CUDA ran: nothing to warn about");
            }
        }
    }

    private static List<String> jars() throws IOException {
        try (Stream<Path> files = Files.list(LIB)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertFalse(names.isEmpty(), LIB + " is empty");
            return names;
        }
    }
}

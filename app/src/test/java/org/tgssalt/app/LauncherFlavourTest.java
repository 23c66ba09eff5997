package org.tgssalt.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./tgs} launcher's build decision: it keeps the ONNX Runtime flavour the distribution
 * was built with, takes another one only from {@code TGS_FLAVOUR}, and refuses a lib folder with
 * both jars. Runs a copy of the real script in a fake checkout whose {@code mvn} and {@code java}
 * are stand-ins that record their arguments ({@code mvn} fills the lib folder the way the
 * {@code gpu} profile decides, after emptying it as the real packaging does).
 */
class LauncherFlavourTest {
    private static final String CPU_JAR = "onnxruntime-1.23.2.jar";
    private static final String GPU_JAR = "onnxruntime_gpu-1.23.2.jar";
    private static final Instant BUILT = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path root;
    private Path lib;
    private Path stamp;
    private Path mvnLog;
    private Path javaLog;

    @BeforeEach
    void fakeCheckout() throws IOException {
        Path source = Path.of(System.getProperty("tgs.source.root", "..")).resolve("tgs");
        Files.copy(source, root.resolve("tgs"));
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(root.resolve("runtime/src/main/java/x"));
        Files.writeString(root.resolve("runtime/src/main/java/x/A.java"), "class A {}\n");
        lib = root.resolve("app/target/lib");
        stamp = root.resolve("app/target/.tgs-built");
        mvnLog = root.resolve("mvn.log");
        javaLog = root.resolve("java.log");
        Path bin = Files.createDirectories(root.resolve("fake-bin"));
        script(bin.resolve("mvn"), """
                #!/usr/bin/env bash
                echo "$*" >> "$FAKE_LOG_DIR/mvn.log"
                flavour=cpu
                for a in "$@"; do [ "$a" = -Pgpu ] && flavour=gpu; done
                [ "${TGS_FLAVOUR:-}" = gpu ] && flavour=gpu
                [ -n "${FAKE_MVN_FLAVOUR:-}" ] && flavour="$FAKE_MVN_FLAVOUR"
                rm -rf app/target/lib && mkdir -p app/target/lib
                if [ "$flavour" = gpu ]; then touch app/target/lib/onnxruntime_gpu-1.23.2.jar
                else touch app/target/lib/onnxruntime-1.23.2.jar; fi
                touch app/target/lib/jackson-core-2.21.3.jar
                """);
        script(bin.resolve("java"), """
                #!/usr/bin/env bash
                echo "$*" >> "$FAKE_LOG_DIR/java.log"
                """);
    }

    @Test
    void staleGpuDistributionIsRebuiltAsGpu() throws Exception {
        built(GPU_JAR);
        sourcesChangedAfterTheBuild();
        Run run = tgs(Map.of(), "score");
        assertEquals(0, run.exit, run.stderr);
        assertEquals(List.of("-B -q -DskipTests -Pgpu package"), lines(mvnLog));
        assertTrue(run.stderr.contains("tgs: building the gpu distribution (sources changed; tests skipped)..."),
                run.stderr);
        assertEquals(List.of(GPU_JAR), onnxRuntimeJars());
        assertTrue(lines(javaLog).get(0).endsWith("org.tgssalt.cli.Launcher score"), lines(javaLog).toString());
    }

    @Test
    void staleCpuDistributionIsRebuiltAsCpu() throws Exception {
        built(CPU_JAR);
        sourcesChangedAfterTheBuild();
        Run run = tgs(Map.of(), "score");
        assertEquals(0, run.exit, run.stderr);
        assertEquals(List.of("-B -q -DskipTests package"), lines(mvnLog));
        assertEquals(List.of(CPU_JAR), onnxRuntimeJars());
    }

    @Test
    void gpuDistributionBuiltByMavenIsKeptOnFirstRun() throws Exception {
        // mvn -B -Pgpu package -DskipTests by hand: lib holds the GPU jar, ./tgs never stamped it.
        built(GPU_JAR);
        Files.delete(stamp);
        Run run = tgs(Map.of(), "score");
        assertEquals(0, run.exit, run.stderr);
        assertEquals(List.of("-B -q -DskipTests -Pgpu package"), lines(mvnLog));
        assertEquals(List.of(GPU_JAR), onnxRuntimeJars());
    }

    @Test
    void freshCheckoutBuildsTheCpuFlavour() throws Exception {
        Run run = tgs(Map.of(), "score");
        assertEquals(0, run.exit, run.stderr);
        assertEquals(List.of("-B -q -DskipTests package"), lines(mvnLog));
        assertTrue(run.stderr.contains("building the cpu distribution (first run;"), run.stderr);
        assertEquals(List.of(CPU_JAR), onnxRuntimeJars());
    }

    @Test
    void upToDateDistributionRunsWithoutMaven() throws Exception {
        built(GPU_JAR);
        Run run = tgs(Map.of(), "bench");
        assertEquals(0, run.exit, run.stderr);
        assertFalse(Files.exists(mvnLog), "mvn ran: " + (Files.exists(mvnLog) ? lines(mvnLog) : ""));
        String java = lines(javaLog).get(0);
        assertTrue(java.contains("-cp " + lib + "/*:" + root.resolve("app/target/classes")), java);
    }

    @Test
    void tgsFlavourSwitchesAnUpToDateDistribution() throws Exception {
        built(CPU_JAR);
        Run run = tgs(Map.of("TGS_FLAVOUR", "gpu"), "score");
        assertEquals(0, run.exit, run.stderr);
        assertEquals(List.of("-B -q -DskipTests -Pgpu package"), lines(mvnLog));
        assertTrue(run.stderr.contains("building the gpu distribution (TGS_FLAVOUR=gpu, the distribution was cpu;"),
                run.stderr);
        assertEquals(List.of(GPU_JAR), onnxRuntimeJars());

        Run back = tgs(Map.of("TGS_FLAVOUR", "cpu"), "score");
        assertEquals(0, back.exit, back.stderr);
        assertEquals("-B -q -DskipTests package", lines(mvnLog).get(1));
        assertEquals(List.of(CPU_JAR), onnxRuntimeJars());
    }

    @Test
    void bothOnnxRuntimeJarsAreRefused() throws Exception {
        built(CPU_JAR, GPU_JAR);
        Run run = tgs(Map.of(), "score");
        assertEquals(1, run.exit, run.stderr);
        assertEquals("tgs: app/target/lib holds two ONNX Runtime jars (" + CPU_JAR + " " + GPU_JAR + "); the CPU one "
                + "would hide the GPU one. Rebuild one flavour: TGS_FLAVOUR=gpu ./tgs ... (or TGS_FLAVOUR=cpu)",
                run.stderr.strip());
        assertFalse(Files.exists(mvnLog), "mvn ran");
        assertFalse(Files.exists(javaLog), "java ran");

        Run fixed = tgs(Map.of("TGS_FLAVOUR", "gpu"), "score");
        assertEquals(0, fixed.exit, fixed.stderr);
        assertEquals(List.of(GPU_JAR), onnxRuntimeJars());
    }

    @Test
    void unknownFlavourIsABadUsage() throws Exception {
        built(CPU_JAR);
        Run run = tgs(Map.of("TGS_FLAVOUR", "cuda"), "score");
        assertEquals(2, run.exit, run.stderr);
        assertEquals("tgs: TGS_FLAVOUR=cuda: expected cpu or gpu", run.stderr.strip());
        assertFalse(Files.exists(javaLog), "java ran");
    }

    @Test
    void buildOfTheWrongFlavourIsCaught() throws Exception {
        built(GPU_JAR);
        sourcesChangedAfterTheBuild();
        Run run = tgs(Map.of("FAKE_MVN_FLAVOUR", "cpu"), "score");
        assertEquals(1, run.exit, run.stderr);
        assertTrue(run.stderr.contains("tgs: asked Maven for the gpu distribution, app/target/lib holds: " + CPU_JAR),
                run.stderr);
        assertFalse(Files.exists(javaLog), "java ran");
    }

    /** A distribution built at {@link #BUILT} holding these jars, stamped by ./tgs. */
    private void built(String... jars) throws IOException {
        Files.createDirectories(lib);
        for (String jar : jars) {
            Files.createFile(lib.resolve(jar));
        }
        Files.createFile(stamp);
        Files.setLastModifiedTime(stamp, FileTime.from(BUILT));
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") || p.endsWith("pom.xml")).toList()) {
                Files.setLastModifiedTime(f, FileTime.from(BUILT.minusSeconds(60)));
            }
        }
    }

    private void sourcesChangedAfterTheBuild() throws IOException {
        Files.setLastModifiedTime(root.resolve("runtime/src/main/java/x/A.java"), FileTime.from(BUILT.plusSeconds(60)));
    }

    private List<String> onnxRuntimeJars() throws IOException {
        try (Stream<Path> files = Files.list(lib)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("onnxruntime")).sorted()
                    .toList();
        }
    }

    private record Run(int exit, String stderr) {}

    private Run tgs(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("tgs").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
        pb.environment().remove("TGS_FLAVOUR");
        pb.environment().put("PATH", root.resolve("fake-bin") + ":/usr/bin:/bin");
        pb.environment().put("FAKE_LOG_DIR", root.toString());
        pb.environment().putAll(env);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Path err = root.resolve("stderr-" + System.nanoTime());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "./tgs did not finish in 60 s");
        return new Run(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file);
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}

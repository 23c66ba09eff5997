package org.tgssalt.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both flavours' dependency lists, whichever flavour this build made: asks Maven for the
 * distribution's runtime dependency tree with and without {@code TGS_FLAVOUR=gpu} (the switch that
 * turns on profile {@code gpu}) and checks that each holds exactly one ONNX Runtime artifact, the
 * right one. Only POMs are resolved ({@code dependency:tree} collects, it does not download jars),
 * so this stays cheap: the 446 MB GPU jar is needed only to build the GPU flavour itself, which
 * {@link DistributionIT} then checks ({@code TGS_FLAVOUR=gpu mvn -B verify}).
 */
class FlavourDependenciesIT {
    private static final Path ROOT = Path.of(System.getProperty("tgs.source.root"));
    private static final Pattern ONNX_RUNTIME = Pattern.compile("com\\.microsoft\\.onnxruntime:([^:]+):jar:([^:]+):");

    @TempDir
    Path dir;

    @Test
    void gpuFlavourDependsOnOnnxruntimeGpuOnly() throws Exception {
        assertEquals(List.of("onnxruntime_gpu"), onnxRuntimeArtifacts("gpu"));
    }

    @Test
    void cpuFlavourDependsOnOnnxruntimeOnly() throws Exception {
        assertEquals(List.of("onnxruntime"), onnxRuntimeArtifacts(null));
    }

    /** The ONNX Runtime artifacts in the app module's runtime class path for TGS_FLAVOUR = flavour (null: unset). */
    private List<String> onnxRuntimeArtifacts(String flavour) throws Exception {
        Path tree = dir.resolve("tree-" + flavour + ".txt");
        Path log = dir.resolve("mvn-" + flavour + ".log");
        String mvn = Path.of(System.getProperty("tgs.maven.home"), "bin", "mvn").toString();
        ProcessBuilder pb = new ProcessBuilder(mvn, "-B", "-q", "-f", ROOT.resolve("pom.xml").toString(),
                "-Dmaven.repo.local=" + System.getProperty("tgs.maven.repo"), "-pl", "app", "-am",
                "dependency:tree", "-Dscope=runtime", "-DoutputFile=" + tree)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("TGS_FLAVOUR");
        if (flavour != null) {
            pb.environment().put("TGS_FLAVOUR", flavour);
        }
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "mvn dependency:tree did not finish in 300 s");
        assertEquals(0, p.exitValue(), () -> "mvn dependency:tree failed:\n" + read(log));
        // -am writes each module's tree to the same file; the app module comes last.
        List<String> lines = Files.readAllLines(tree, StandardCharsets.UTF_8);
        assertTrue(lines.get(0).startsWith("org.tgssalt:tgs-app:"), "not the app module's tree: " + lines.get(0));
        return lines.stream().map(ONNX_RUNTIME::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}

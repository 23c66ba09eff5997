package org.tgssalt.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.scoring.OnError;

/**
 * The submit jar under Spark as a cluster runs it: {@code org.apache.spark.deploy.SparkSubmit} (what
 * {@code spark-submit} starts) in a fresh JVM whose class path is Spark's alone, the jar as the application,
 * the models shipped with {@code --files}. It scores like {@code score}, and a bad image ends it with one line.
 */
class SubmitJarIT {
    private static final Path JAR = Path.of(System.getProperty("tgs.submit.jar"));
    private static final Path SPARK_CLASS_PATH = Path.of(System.getProperty("tgs.spark.classpath"));

    @TempDir
    Path dir;

    @Test
    void theJarHoldsNoSparkAndKeepsItsJacksonToItself() throws IOException {
        List<String> entries;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            entries = Collections.list(jar.entries()).stream().map(e -> e.getName()).toList();
            assertEquals(SparkScoreMain.class.getName(), jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
        for (String prefix : List.of("org/apache/spark/", "scala/", "org/apache/hadoop/", "com/fasterxml/",
                "org/apache/commons/cli/", "META-INF/versions/")) {
            assertEquals(List.of(), entries.stream().filter(e -> e.startsWith(prefix)).limit(3).toList(), prefix);
        }
        for (String present : List.of("org/tgssalt/spark/SaltSegmenter.class", "org/tgssalt/ensemble/FoldEnsemble.class",
                "ai/onnxruntime/OrtEnvironment.class", "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
                "org/tgssalt/shaded/jackson/databind/ObjectMapper.class",
                "org/tgssalt/shaded/commons/cli/CommandLine.class")) {
            assertTrue(entries.contains(present), present);
        }
    }

    @Test
    void sparkSubmitScoresLikeScore() throws Exception {
        Path images = SparkFixtures.copyImages(SparkFixtures.SAMPLE_IMAGES, dir.resolve("images"), 6);
        byte[] expected = SparkFixtures.scoreCsv(SparkFixtures.SAMPLE_MODELS, images, dir, OnError.FAIL);
        List<String> files;
        try (Stream<Path> models = Files.list(SparkFixtures.SAMPLE_MODELS)) {
            files = models.filter(f -> f.toString().endsWith(".onnx") || f.toString().endsWith(".json"))
                    .map(Path::toString).sorted().toList();
        }
        Path csv = dir.resolve("out/submission.csv");
        Run run = submit(List.of("--files", String.join(",", files)),
                List.of("--models", "sparkfiles:", "--images", images.toString(), "--out", csv.toString()));
        assertEquals(0, run.exit(), run.stderr());
        assertArrayEquals(expected, Files.readAllBytes(csv));
        assertTrue(run.stdout().startsWith("scored 6 images on cpu in "), run.stdout());
        JsonNode report = JsonMapper.builder().build().readTree(dir.resolve("out/submission.report.json").toFile());
        assertEquals(1, report.get("executors").asInt());
        assertEquals("tgs-spark-0.1.0-SNAPSHOT-submit.jar", report.get("onnxRuntime").get("jar").asText());
    }

    @Test
    void aBadImageEndsTheApplicationWithOneLineNamingIt() throws Exception {
        Path images = SparkFixtures.copyImages(SparkFixtures.SAMPLE_IMAGES, dir.resolve("images"), 2);
        Files.writeString(images.resolve("broken.png"), "not an image");
        Path csv = dir.resolve("out/submission.csv");
        Run run = submit(List.of(), List.of("--models", SparkFixtures.SAMPLE_MODELS.toString(), "--images",
                images.toString(), "--out", csv.toString()));
        assertEquals(1, run.exit(), run.stderr());
        List<String> ours = run.stderr().lines().filter(l -> l.startsWith("tgs ")).toList();
        assertEquals(List.of("tgs spark-score: " + images.resolve("broken.png")
                + ": not a PNG file (no PNG signature)"), ours);
        assertFalse(Files.exists(csv.getParent()), "nothing written");
    }

    private record Run(int exit, String stdout, String stderr) {}

    private Run submit(List<String> sparkOptions, List<String> arguments) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-cp",
                Files.readString(SPARK_CLASS_PATH).trim(), "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[2]", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1"));
        command.addAll(sparkOptions);
        command.add(JAR.toString());
        command.addAll(arguments);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "spark-submit did not finish in 600 s");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}

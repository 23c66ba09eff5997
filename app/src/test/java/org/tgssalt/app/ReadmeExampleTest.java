package org.tgssalt.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.GrayImage;
import org.tgssalt.image.PngImageWriter;
import org.tgssalt.rle.RunLengthEncoder;
import org.tgssalt.testing.TestGraphs;

/** Compiles the README's embedding snippet, character for character, and runs it on a small ensemble. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void readmeEmbeddingSnippetCompilesAndRuns() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("maven.multiModuleProjectDirectory",
                "..")).resolve("README.md"));
        Matcher block = Pattern.compile("## Embedding the runtime.*?```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "README has a java block under 'Embedding the runtime'");
        Path source = dir.resolve("src/ScoreOne.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, block.group(1));

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int rc = compiler.run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());
        assertEquals(0, rc, "the README snippet compiles");

        // Two folds of sigmoid(a*x + b*column ramp): not mirror-symmetric, so TTA matters.
        TestGraphs.writeRampEnsemble(dir.resolve("models"), new float[][] {{4f, 1f}, {2f, -3f}}, false);
        float[] pixels = new float[101 * 101];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i / 101) < 50 ? 0f : 1f; // top half dark, bottom half bright
        }
        Path png = dir.resolve("image.png");
        PngImageWriter.write(new GrayImage(101, 101, pixels), png);

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Method main = loader.loadClass("ScoreOne").getMethod("main", String[].class);
            main.invoke(null, (Object) new String[] {dir.resolve("models/ensemble.json").toString(), png.toString()});
        } finally {
            System.setOut(original);
        }

        // Independent expectation: the mean over folds and both views, by the fixture's own formula.
        boolean[] salt = new boolean[pixels.length];
        for (int r = 0; r < 101; r++) {
            for (int c = 0; c < 101; c++) {
                double x = pixels[r * 101 + c];
                double mean = 0;
                for (float[] ab : List.of(new float[] {4f, 1f}, new float[] {2f, -3f})) {
                    mean += TestGraphs.rampProbability(ab[0], ab[1], x, c) / 4;
                    mean += TestGraphs.rampProbability(ab[0], ab[1], x, 100 - c) / 4;
                }
                salt[r * 101 + c] = mean >= 0.5;
            }
        }
        BinaryMask expected = new BinaryMask(101, 101, salt);
        String printed = captured.toString(StandardCharsets.UTF_8).strip();
        assertTrue(printed.startsWith(expected.area() + " salt pixels on "), printed);
        assertTrue(printed.endsWith("rle: " + RunLengthEncoder.encode(expected)), printed);
    }
}

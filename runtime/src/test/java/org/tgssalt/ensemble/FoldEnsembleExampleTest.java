package org.tgssalt.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.testing.TestGraphs;

/** Runs the usage example of {@link FoldEnsemble}'s Javadoc, character for character. */
class FoldEnsembleExampleTest {
    @TempDir
    Path modelDir;

    @Test
    void javadocExampleRuns() throws IOException {
        // sigmoid(x) with no ramp: an all-zero image gives exactly 0.5 everywhere, all salt.
        TestGraphs.writeRampEnsemble(modelDir, new float[][] {{1f, 0f}, {2f, 0f}}, false);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            // --- begin example (keep identical to FoldEnsemble's Javadoc) ---
            EnsembleOptions options = EnsembleOptions.builder().device(ExecutionDevice.CPU).batchSize(16).build();
            try (FoldEnsemble ensemble = FoldEnsemble.open(modelDir.resolve("ensemble.json"), options)) {
                float[] image = new float[101 * 101];          // row-major gray values in [0, 1]
                float[] probability = ensemble.probability(image);
                BinaryMask mask = ensemble.threshold(probability);
                System.out.println(ensemble.device() + ": " + mask.area() + " salt pixels");
            }
            // --- end example ---
        } finally {
            System.setOut(original);
        }
        assertEquals("cpu: 10201 salt pixels", captured.toString(StandardCharsets.UTF_8).strip());
    }
}

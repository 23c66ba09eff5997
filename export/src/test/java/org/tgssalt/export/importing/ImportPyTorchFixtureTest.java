package org.tgssalt.export.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.ensemble.EnsembleOptions;
import org.tgssalt.ensemble.FoldEnsemble;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.testing.LauncherRun;

/**
 * A graph really exported by PyTorch ({@code pytorch/tiny_unet.onnx}, made by {@code pytorch/make_fixture.py} beside
 * it: torch 1.13, opset 14, outputs {@code logits} and {@code aux}) imported with the reference convention, scored by
 * the runtime with flip TTA, separate and fused, and compared with the probabilities PyTorch computed for the same
 * images ({@code expected.f32}: numpy's symmetric padding, the normalisation, softmax class 1, crop, flip TTA).
 */
class ImportPyTorchFixtureTest {
    private static final int PIXELS = KaggleImage.PIXELS;
    /** PyTorch's and ONNX Runtime's float32 convolutions sum in different orders. */
    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = ImportPyTorchFixtureTest.class.getResourceAsStream("pytorch/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource pytorch/" + name + " is missing");
            }
            return in.readAllBytes();
        }
    }

    @Test
    void importedPyTorchGraphScoresAsPyTorchComputed() throws Exception {
        Path graph = Files.write(dir.resolve("tiny_unet.onnx"), resource("tiny_unet.onnx"));
        byte[] levels = resource("images.u8");
        float[] expected = new float[levels.length];
        ByteBuffer.wrap(resource("expected.f32")).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(expected);
        int count = levels.length / PIXELS;
        assertEquals(3, count);
        float[][] images = new float[count][PIXELS];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < PIXELS; p++) {
                images[i][p] = (levels[i * PIXELS + p] & 0xff) / 255f;
            }
        }
        Path out = dir.resolve("models");
        LauncherRun run = LauncherRun.of(List.of(new ImportCommand()), "import", "--graphs", graph.toString(), "--out",
                out.toString(), "--input-size", "129", "--padding", "symmetric", "--mean", "123.03", "--scale", "255",
                "--channels", "1", "--activation", "softmax:1", "--output", "logits", "--fused");
        assertEquals(0, run.code(), run.err());
        Path manifest = out.resolve(EnsembleManifest.FILE_NAME);
        assertEquals("pytorch 1.13.0", EnsembleManifest.read(manifest).provenance().get("fold-1.sourceProducer"));
        assertEquals("14", EnsembleManifest.read(manifest).provenance().get("fold-1.sourceOpset"));
        for (boolean fused : new boolean[] {false, true}) {
            EnsembleOptions options = EnsembleOptions.builder().device(ExecutionDevice.CPU).fused(fused).build();
            try (FoldEnsemble ensemble = FoldEnsemble.open(manifest, options)) {
                float[][] scored = ensemble.probabilities(images);
                double max = 0;
                for (int i = 0; i < count; i++) {
                    for (int p = 0; p < PIXELS; p++) {
                        max = Math.max(max, Math.abs(scored[i][p] - expected[i * PIXELS + p]));
                    }
                }
                System.out.printf("PyTorch fixture, %s graphs: max |scored - PyTorch| %.3e%n",
                        fused ? "fused" : "separate", max);
                assertTrue(max <= TOLERANCE, (fused ? "fused" : "separate") + ": max |scored - PyTorch| " + max);
            }
        }
    }
}

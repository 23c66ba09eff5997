package org.tgssalt.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.io.Sha256;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.FoldGraph;
import org.tgssalt.manifest.ManifestException;
import org.tgssalt.manifest.TensorSpec;
import org.tgssalt.manifest.Threshold;
import org.tgssalt.testing.TestGraphs;

/**
 * Graphs that take a fixed batch of 1 (as imported exports without a dynamic batch axis do): a manifest declaring
 * {@code [1,1,101,101]} is scored one image and one view per call, in batches of any size, with the exact ramp
 * expectation; other fixed batches are refused.
 */
class FixedBatchEnsembleTest {
    private static final int S = TestGraphs.SIZE;

    @TempDir
    Path dir;

    /** A ramp fold whose input and output declare batch {@code batch}, and a manifest saying so. */
    private Path writeFixedBatchRamp(float a, float b, long batch) throws Exception {
        ModelProto ramp = ModelProto.parseFrom(TestGraphs.rampFold(a, b));
        var graph = ramp.getGraph().toBuilder()
                .setInput(0, fixed(ramp.getGraph().getInput(0), batch))
                .setOutput(0, fixed(ramp.getGraph().getOutput(0), batch));
        byte[] bytes = ramp.toBuilder().setGraph(graph).build().toByteArray();
        Files.write(dir.resolve("fold-1.onnx"), bytes);
        TensorSpec input = new TensorSpec(EnsembleManifest.INPUT_NAME, List.of(batch, 1L, (long) S, (long) S));
        TensorSpec output = new TensorSpec(EnsembleManifest.OUTPUT_NAME, input.shape());
        Path json = dir.resolve(EnsembleManifest.FILE_NAME);
        new EnsembleManifest(EnsembleManifest.SCHEMA_VERSION, List.of(new FoldGraph(1, "fold-1.onnx",
                Sha256.of(bytes), null)), input, output, List.of(EnsembleManifest.HFLIP), Threshold.DEFAULT, null, null,
                Map.of()).write(json);
        return json;
    }

    private static ValueInfoProto fixed(ValueInfoProto value, long batch) {
        var type = value.getType().toBuilder();
        type.getTensorTypeBuilder().getShapeBuilder().setDim(0, TensorShapeProto.Dimension.newBuilder()
                .setDimValue(batch));
        return value.toBuilder().setType(type).build();
    }

    @Test
    void batchesOfFiveThroughAGraphThatTakesOneWithFlipTta() throws Exception {
        float a = 3f;
        float b = -2f;
        Path json = writeFixedBatchRamp(a, b, 1);
        float[][] images = new float[5][S * S];
        for (int i = 0; i < images.length; i++) {
            for (int p = 0; p < S * S; p++) {
                images[i][p] = ((p * 7 + i * 31) % 256) / 255f;
            }
        }
        EnsembleOptions options = EnsembleOptions.builder().device(ExecutionDevice.CPU).batchSize(4).build();
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, options)) {
            float[][] p = ensemble.probabilities(images);
            for (int i = 0; i < images.length; i++) {
                for (int k = 0; k < S * S; k++) {
                    int column = k % S;
                    // the mirrored view sees the ramp's mirror at this pixel
                    double expected = (TestGraphs.rampProbability(a, b, images[i][k], column)
                            + TestGraphs.rampProbability(a, b, images[i][k], S - 1 - column)) / 2;
                    assertEquals(expected, p[i][k], 1e-6, "image " + i + " pixel " + k);
                }
            }
        }
    }

    @Test
    void aFixedBatchOtherThanOneIsRefused() throws Exception {
        Path json = writeFixedBatchRamp(1f, 1f, 2);
        ManifestException e = assertThrows(ManifestException.class, () -> FoldEnsemble.open(json,
                EnsembleOptions.builder().device(ExecutionDevice.CPU).build()));
        assertTrue(e.getMessage().endsWith("tensor image [2,1,101,101]: this runtime works on [N,1,101,101] or "
                + "[1,1,101,101]"), e.getMessage());
    }
}

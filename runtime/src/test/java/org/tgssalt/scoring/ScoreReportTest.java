package org.tgssalt.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.ensemble.OnnxRuntimeInfo;
import org.tgssalt.manifest.Precision;

/** The report's builder, its field names on disk, and a report file written by earlier versions. */
class ScoreReportTest {
    private static final OnnxRuntimeInfo ORT = new OnnxRuntimeInfo("onnxruntime", "1.23.2", List.of("CPU"),
            "onnxruntime-1.23.2.jar", List.of());

    private static ScoreReport.Builder report() {
        return ScoreReport.builder().submission("out/submission.csv").images(3).scored(2)
                .skipped(List.of(new SkippedImage("c.png", "not 101x101"))).emptyMasks(1).device("cpu")
                .onnxRuntime(ORT).batchSize(8).folds(10).flipTta(true).fused(true).precision(Precision.INT8)
                .threshold(0.45).wallSeconds(2)
                .imagesPerSecond(1);
    }

    @Test
    void builderMakesTheRecordTheConstructorMakes() {
        assertEquals(new ScoreReport("out/submission.csv", 3, 2, List.of(new SkippedImage("c.png", "not 101x101")), List.of(), 1,
                "cpu", null, ORT, 8, 10, true, true, "int8", 0.45, 2, 1), report().build());
        assertEquals("ONNX Runtime onnxruntime 1.23.2 offers no CUDA execution provider (providers CPU)",
                report().cudaFailure("ONNX Runtime onnxruntime 1.23.2 offers no CUDA execution provider "
                        + "(providers CPU)").build().cudaFailure());
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> ScoreReport.builder().submission("s.csv").build());
        assertEquals("ScoreReport.images is not set", e.getMessage());
    }

    @Test
    void fieldNamesOnDiskAreUnchanged(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("submission.report.json");
        report().build().write(file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        // otherFormats joined with issue 13 (files in other image formats); readers of older reports get an empty list;
        // precision with issue 15 (older reports were all float32).
        assertEquals(List.of("submission", "images", "scored", "skipped", "otherFormats", "emptyMasks", "device", "cudaFailure",
                "onnxRuntime", "batchSize", "folds", "flipTta", "fused", "precision", "threshold",
                "wallSeconds", "imagesPerSecond"), names);
        assertEquals("int8", json.get("precision").asText());
        assertEquals(report().build(), ScoreReport.read(file));
    }

    @Test
    void aReportWrittenByAnEarlierVersionLoads(@TempDir Path dir) throws Exception {
        // as ./tgs score wrote it before this change (same fields, hand-written here)
        Path file = dir.resolve("old.report.json");
        Files.writeString(file, """
                {
                  "submission" : "out/submission.csv",
                  "images" : 40,
                  "scored" : 40,
                  "skipped" : [ ],
                  "emptyMasks" : 13,
                  "device" : "cpu",
                  "cudaFailure" : "ONNX Runtime onnxruntime 1.23.2 offers no CUDA execution provider (providers CPU)",
                  "onnxRuntime" : { "artifact" : "onnxruntime", "version" : "1.23.2", "providers" : [ "CPU" ],
                                    "jar" : "onnxruntime-1.23.2.jar", "otherJars" : [ ] },
                  "batchSize" : 8,
                  "folds" : 10,
                  "flipTta" : true,
                  "fused" : true,
                  "threshold" : 0.45,
                  "wallSeconds" : 1.5,
                  "imagesPerSecond" : 26.5
                }
                """);
        assertEquals(new ScoreReport("out/submission.csv", 40, 40, List.of(), List.of(), 13, "cpu",
                "ONNX Runtime onnxruntime 1.23.2 offers no CUDA execution provider (providers CPU)", ORT, 8, 10, true,
                true, "fp32", 0.45, 1.5, 26.5), ScoreReport.read(file));
    }
}

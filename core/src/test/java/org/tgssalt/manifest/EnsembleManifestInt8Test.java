package org.tgssalt.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.io.Sha256;

/** Schema version 2 (precisions, the int8 section) and version 1 read unchanged. */
class EnsembleManifestInt8Test {
    @TempDir
    Path dir;

    private String graph(String name, int content) throws IOException {
        byte[] bytes = {(byte) content};
        Files.write(dir.resolve(name), bytes);
        return Sha256.ofFile(dir.resolve(name));
    }

    private static Calibration calibration() {
        return new Calibration("percentile", 99.99, 200, Calibration.REAL, "a".repeat(64), 8);
    }

    private static Int8Quality quality() {
        return new Int8Quality(64, 0.031, 0.0012, 0.0004, 0.5, 1200, 0.812, 0.810, 0.005);
    }

    private EnsembleManifest withInt8() throws IOException {
        EnsembleManifest fp32 = EnsembleManifest.of(List.of(new FoldGraph(1, "fold-1.onnx", graph("fold-1.onnx", 1), 0.8),
                new FoldGraph(2, "fold-2.onnx", graph("fold-2.onnx", 2), 0.7)), Map.of("gitCommit", "abc"))
                .withFused(new FusedGraph("ensemble.onnx", graph("ensemble.onnx", 3)));
        return fp32.withInt8(new Int8Graphs(List.of(
                new FoldGraph(1, "fold-1.int8.onnx", graph("fold-1.int8.onnx", 4), 0.8, Precision.INT8),
                new FoldGraph(2, "fold-2.int8.onnx", graph("fold-2.int8.onnx", 5), 0.7, Precision.INT8)),
                new FusedGraph("ensemble.int8.onnx", graph("ensemble.int8.onnx", 6), Precision.INT8),
                calibration(), quality()));
    }

    @Test
    void version2RoundTripKeepsTheInt8Section() throws IOException {
        EnsembleManifest written = withInt8();
        Path json = dir.resolve(EnsembleManifest.FILE_NAME);
        written.write(json);
        EnsembleManifest read = EnsembleManifest.read(json);
        assertEquals(written, read);
        assertEquals(2, read.schemaVersion());
        assertEquals(List.of("fold-1.int8.onnx", "fold-2.int8.onnx"),
                read.folds(Precision.INT8).stream().map(FoldGraph::file).toList());
        assertEquals("ensemble.int8.onnx", read.fused(Precision.INT8).file());
        assertEquals("ensemble.onnx", read.fused(Precision.FP32).file());
        assertEquals(0.812 - 0.810, read.int8().quality().oofMapLoss(), 1e-12);
        String text = Files.readString(json);
        assertTrue(text.contains("\"precision\" : \"int8\""), text);
        assertTrue(text.contains("\"method\" : \"percentile\""), text);
    }

    @Test
    void version1IsReadUnchanged() throws IOException {
        // A manifest as the exporter wrote it before schema version 2: no precision, no int8 section.
        String sha = graph("fold-1.onnx", 7);
        Path json = dir.resolve(EnsembleManifest.FILE_NAME);
        Files.writeString(json, """
                {
                  "schemaVersion" : 1,
                  "folds" : [ { "fold" : 1, "file" : "fold-1.onnx", "sha256" : "%s", "validationScore" : 0.84 } ],
                  "input" : { "name" : "image", "shape" : [ -1, 1, 101, 101 ] },
                  "output" : { "name" : "salt_probability", "shape" : [ -1, 1, 101, 101 ] },
                  "tta" : [ "hflip" ],
                  "threshold" : { "value" : 0.5 },
                  "provenance" : { }
                }
                """.formatted(sha));
        EnsembleManifest read = EnsembleManifest.read(json);
        assertEquals(1, read.schemaVersion());
        assertEquals(Precision.FP32, read.folds().get(0).precision());
        assertNull(read.int8());
        assertEquals(List.of(), read.folds(Precision.INT8));
        Path again = dir.resolve("again.json");
        read.write(again);
        assertEquals(read, EnsembleManifest.read(again));
        assertTrue(Files.readString(again).contains("\"schemaVersion\" : 1"));
    }

    @Test
    void version1WithAnInt8SectionIsRefused() throws IOException {
        Path json = dir.resolve(EnsembleManifest.FILE_NAME);
        withInt8().write(json);
        Files.writeString(json, Files.readString(json).replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 1"));
        ManifestException e = assertThrows(ManifestException.class, () -> EnsembleManifest.read(json));
        assertEquals(json + ": invalid manifest: an int8 section needs schemaVersion 2, the manifest says 1",
                e.getMessage());
    }

    @Test
    void tamperedInt8GraphIsNamed() throws IOException {
        Path json = dir.resolve(EnsembleManifest.FILE_NAME);
        EnsembleManifest m = withInt8();
        m.write(json);
        Files.write(dir.resolve("fold-2.int8.onnx"), new byte[] {5, 5});
        ManifestException e = assertThrows(ManifestException.class, () -> EnsembleManifest.read(json));
        assertEquals(dir.resolve("fold-2.int8.onnx") + ": SHA-256 " + Sha256.of(new byte[] {5, 5})
                + " does not match the manifest's " + m.int8().folds().get(1).sha256()
                + " (the file changed after export)", e.getMessage());
    }

    @Test
    void missingInt8GraphIsNamedWithItsRole() throws IOException {
        Path json = dir.resolve(EnsembleManifest.FILE_NAME);
        withInt8().write(json);
        Files.delete(dir.resolve("ensemble.int8.onnx"));
        ManifestException e = assertThrows(ManifestException.class, () -> EnsembleManifest.read(json));
        assertEquals(dir.resolve("ensemble.int8.onnx") + ": missing: the manifest names it as int8 fused graph",
                e.getMessage());
    }

    @Test
    void int8SectionMustCoverEveryFold() throws IOException {
        EnsembleManifest m = withInt8();
        Int8Graphs oneFold = new Int8Graphs(List.of(m.int8().folds().get(0)), null, calibration(), quality());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.withInt8(oneFold));
        assertEquals("int8 section lists folds [1], the ensemble has folds [1, 2]", e.getMessage());
    }

    @Test
    void int8GraphsStayOutOfTheMainList() {
        FoldGraph int8 = new FoldGraph(1, "fold-1.int8.onnx", "0".repeat(64), null, Precision.INT8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleManifest.of(List.of(int8), Map.of()));
        assertEquals("fold 1 graph fold-1.int8.onnx says precision int8; int8 graphs belong in the int8 section",
                e.getMessage());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> new Int8Graphs(
                List.of(new FoldGraph(1, "fold-1.onnx", "0".repeat(64), null)), null, calibration(), quality()));
        assertEquals("int8 section: fold 1 graph fold-1.onnx says precision fp32", wrong.getMessage());
    }

    @Test
    void precisionNamesParseAndUnknownOnesAreExplained() {
        assertEquals(Precision.INT8, Precision.parse("int8"));
        assertEquals(Precision.FP32, Precision.parse(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("int4"));
        assertEquals("precision must be one of fp32|int8, got 'int4'", e.getMessage());
    }

    @Test
    void calibrationProvenanceIsValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Calibration("minmax", 99.9, 200, Calibration.REAL, "a".repeat(64), 8));
        assertEquals("a percentile is given exactly when the method is percentile", e.getMessage());
        IllegalArgumentException bits = assertThrows(IllegalArgumentException.class,
                () -> new Calibration("minmax", null, 200, Calibration.GENERATED, "a".repeat(64), 4));
        assertEquals("int8 weights use 7 or 8 bits, got 4", bits.getMessage());
    }
}

package org.tgssalt.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.io.Sha256;

class EnsembleManifestTest {
    @TempDir
    Path dir;

    private EnsembleManifest twoFolds() throws IOException {
        Files.write(dir.resolve("fold-1.onnx"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("fold-2.onnx"), new byte[] {4, 5});
        return EnsembleManifest.of(List.of(
                new FoldGraph(1, "fold-1.onnx", Sha256.ofFile(dir.resolve("fold-1.onnx")), 0.84),
                new FoldGraph(2, "fold-2.onnx", Sha256.ofFile(dir.resolve("fold-2.onnx")), null)),
                Map.of("gitCommit", "abc123", "onnxruntime", "1.23.2"));
    }

    @Test
    void roundTripKeepsEveryField() throws IOException {
        Files.write(dir.resolve("ensemble.onnx"), new byte[] {9});
        EnsembleManifest written = twoFolds()
                .withThreshold(Threshold.tuned(0.45, "out-of-fold, 4000 images, mAP 0.861"))
                .withFused(new FusedGraph("ensemble.onnx", Sha256.ofFile(dir.resolve("ensemble.onnx"))))
                .withFlopsPerPass(9_620_000_000L);
        Path json = dir.resolve(EnsembleManifest.FILE_NAME);
        written.write(json);
        EnsembleManifest read = EnsembleManifest.read(json);
        assertEquals(written, read);
        assertEquals(0.45, read.threshold().value());
        assertEquals(List.of(-1L, 1L, 101L, 101L), read.input().shape());
        assertEquals("[N,1,101,101]", read.output().shapeText());
        assertTrue(read.horizontalFlip());
        String text = Files.readString(json);
        assertTrue(text.contains("\"schemaVersion\" : 2"), text);
        assertTrue(text.contains("\"precision\" : \"fp32\""), text);
        assertTrue(text.contains("\"salt_probability\""), text);
    }

    @Test
    void defaultsAreFlipTtaAndHalf() throws IOException {
        EnsembleManifest m = twoFolds();
        assertEquals(List.of("hflip"), m.tta());
        assertEquals(Threshold.DEFAULT, m.threshold());
        assertEquals(List.of(), m.withTta(List.of()).tta());
    }

    @Test
    void missingManifestIsNamed() {
        Path json = dir.resolve("ensemble.json");
        ManifestException e = assertThrows(ManifestException.class, () -> EnsembleManifest.read(json));
        assertEquals(json + ": no ensemble manifest there (expected the ensemble.json that export writes)",
                e.getMessage());
    }

    @Test
    void notJsonIsRefused() throws IOException {
        Path json = dir.resolve("ensemble.json");
        Files.writeString(json, "fold-1.onnx fold-2.onnx");
        ManifestException e = assertThrows(ManifestException.class, () -> EnsembleManifest.read(json));
        assertTrue(e.getMessage().startsWith(json + ": not JSON: "), e.getMessage());
    }

    @Test
    void jsonThatIsNotAnObjectIsRefused() throws IOException {
        Path json = dir.resolve("ensemble.json");
        Files.writeString(json, "[1, 2]");
        ManifestException e = assertThrows(ManifestException.class, () -> EnsembleManifest.read(json));
        assertEquals(json + ": not a JSON object, so not an ensemble manifest", e.getMessage());
    }

    @Test
    void unknownSchemaVersionIsRefused() throws IOException {
        Path json = dir.resolve("ensemble.json");
        twoFolds().write(json);
        Files.writeString(json, Files.readString(json).replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 3"));
        ManifestException e = assertThrows(ManifestException.class, () -> EnsembleManifest.read(json));
        assertEquals(json + ": schemaVersion 3 is not supported; this runtime reads schemaVersion 1 and 2",
                e.getMessage());
    }

    @Test
    void unknownFieldIsRefused() throws IOException {
        Path json = dir.resolve("ensemble.json");
        twoFolds().write(json);
        Files.writeString(json, Files.readString(json).replace("\"schemaVersion\" : 2,",
                "\"schemaVersion\" : 2, \"calibration\" : \"isotonic\","));
        ManifestException e = assertThrows(ManifestException.class, () -> EnsembleManifest.read(json));
        assertTrue(e.getMessage().startsWith(json + ": invalid manifest: "), e.getMessage());
        assertTrue(e.getMessage().contains("calibration"), e.getMessage());
    }

    @Test
    void invalidValueIsExplained() throws IOException {
        Path json = dir.resolve("ensemble.json");
        twoFolds().write(json);
        Files.writeString(json, Files.readString(json).replace("\"value\" : 0.5", "\"value\" : 1.5"));
        ManifestException e = assertThrows(ManifestException.class, () -> EnsembleManifest.read(json));
        assertTrue(e.getMessage().contains("threshold must lie strictly between 0 and 1, got 1.5"), e.getMessage());
    }

    @Test
    void missingFoldFileIsNamed() throws IOException {
        Path json = dir.resolve("ensemble.json");
        twoFolds().write(json);
        Files.delete(dir.resolve("fold-2.onnx"));
        ManifestException e = assertThrows(ManifestException.class, () -> EnsembleManifest.read(json));
        assertEquals(dir.resolve("fold-2.onnx") + ": missing: the manifest names it as fold 2", e.getMessage());
    }

    @Test
    void hashMismatchIsNamed() throws IOException {
        Path json = dir.resolve("ensemble.json");
        EnsembleManifest m = twoFolds();
        m.write(json);
        Files.write(dir.resolve("fold-1.onnx"), new byte[] {1, 2, 4});
        ManifestException e = assertThrows(ManifestException.class, () -> EnsembleManifest.read(json));
        assertEquals(dir.resolve("fold-1.onnx") + ": SHA-256 " + Sha256.of(new byte[] {1, 2, 4})
                + " does not match the manifest's " + m.folds().get(0).sha256()
                + " (the file changed after export)", e.getMessage());
    }

    @Test
    void graphNamesMustStayInTheManifestFolder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FoldGraph(1, "../fold-1.onnx", "0".repeat(64), null));
        assertEquals("graph file '../fold-1.onnx' must be a plain file name in the manifest's folder", e.getMessage());
    }

    @Test
    void duplicateFoldsAreRefused() {
        FoldGraph a = new FoldGraph(1, "a.onnx", "0".repeat(64), null);
        FoldGraph b = new FoldGraph(1, "b.onnx", "1".repeat(64), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleManifest.of(List.of(a, b), Map.of()));
        assertEquals("fold 1 is listed twice", e.getMessage());
    }

    @Test
    void writtenFileIsUtf8Json() throws IOException {
        EnsembleManifest m = twoFolds().withProvenance(Map.of("note", "Ünïcode"));
        Path json = dir.resolve("ensemble.json");
        m.write(json);
        assertTrue(new String(Files.readAllBytes(json), StandardCharsets.UTF_8).contains("Ünïcode"));
        assertEquals(m, EnsembleManifest.read(json));
    }
}

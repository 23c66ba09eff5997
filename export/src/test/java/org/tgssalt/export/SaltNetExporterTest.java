package org.tgssalt.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.export.graph.ExportOptions;
import org.tgssalt.export.parity.ParityCheck;
import org.tgssalt.io.Sha256;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.FoldGraph;

/**
 * End to end: briefly trained fold checkpoints -> fold graphs (parity-checked inside the export),
 * fused graph equal to the separate graphs with flip TTA, manifest read back by the runtime reader.
 */
class SaltNetExporterTest {
    @TempDir
    static Path work;
    static Path checkpoints;
    static Path out;
    static SaltNetExporter.ExportResult result;
    static final List<String> LOG = new ArrayList<>();

    @BeforeAll
    static void exportTwoTrainedFolds() throws Exception {
        checkpoints = work.resolve("run");
        out = work.resolve("models");
        BrieflyTrainedCheckpoints.write(checkpoints, 2, 2);
        Path shared = Path.of(System.getProperty("tgs.shared.dir", "../shared")).resolve("tgs");
        result = new SaltNetExporter(LOG::add).export(new SaltNetExporter.Request(checkpoints, out, true,
                Files.isDirectory(shared) ? shared : null, ExportOptions.DEFAULT));
        LOG.forEach(System.out::println);
    }

    @Test
    void everyFoldGraphPassedParityOnEightImages() {
        assertEquals(2, result.parity().size());
        for (ParityCheck.Report r : result.parity()) {
            assertTrue(r.images() >= 8, r.summary());
            assertTrue(r.maxAbsDifference() <= ParityCheck.TOLERANCE, r.summary());
        }
    }

    @Test
    void fusedGraphEqualsSeparateGraphsWithFlipTta() {
        assertTrue(result.fusedDifference() <= 1e-5, "fused vs separate: " + result.fusedDifference());
        assertNotNull(result.manifest().fused());
    }

    @Test
    void manifestIsReadBackByTheRuntimeReader() throws IOException {
        EnsembleManifest m = EnsembleManifest.read(out.resolve(EnsembleManifest.FILE_NAME));
        assertEquals(EnsembleManifest.SCHEMA_VERSION, m.schemaVersion());
        assertEquals(List.of(1, 2), m.folds().stream().map(FoldGraph::fold).toList());
        for (FoldGraph f : m.folds()) {
            assertEquals(Sha256.ofFile(out.resolve(f.file())), f.sha256());
        }
        assertEquals(0.51, m.folds().get(0).validationScore(), 1e-12);
        assertEquals(0.5, m.threshold().value());
        assertEquals(List.of(EnsembleManifest.HFLIP), m.tta());
        assertEquals("image", m.input().name());
        assertEquals("salt_probability", m.output().name());
        assertTrue(m.flopsPerPass() > 0);
        assertEquals("ab".repeat(32), m.provenance().get("fold-1.dataHash"));
        assertTrue(m.provenance().containsKey("gitCommit"));
        assertTrue(m.provenance().containsKey("onnxruntime"));
    }

    @Test
    void foldGraphsCarryTheirProvenance() throws IOException {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(out.resolve("fold-2.onnx")));
        Map<String, String> meta = new HashMap<>();
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            meta.put(e.getKey(), e.getValue());
        }
        assertEquals("2", meta.get("fold"));
        assertEquals("0.520000", meta.get("validationScore"));
        assertEquals("ab".repeat(32), meta.get("dataHash"));
        assertTrue(meta.get("trainingConfig").contains("\"batchSize\":4"), meta.get("trainingConfig"));
        for (String key : List.of("gitCommit", "djl", "pytorch", "onnxruntime",
                "java", "os", "architecture")) {
            assertTrue(meta.containsKey(key) && !meta.get(key).isBlank(), key);
        }
        assertEquals(17, model.getOpsetImport(0).getVersion());
    }

    @Test
    void checkpointFolderWithoutFoldsIsRejectedByName() throws IOException {
        Path empty = Files.createDirectories(work.resolve("empty"));
        InputException e = assertThrows(InputException.class, () -> new SaltNetExporter(s -> { })
                .export(new SaltNetExporter.Request(empty, work.resolve("o"), false, null, ExportOptions.DEFAULT)));
        assertEquals(empty + ": no fold-K checkpoint folders (expected fold-1, fold-2, ... written by ./tgs train)",
                e.getMessage());
    }
}

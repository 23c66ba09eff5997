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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.export.graph.ExportOptions;
import org.tgssalt.export.parity.ParityCheck;
import org.tgssalt.io.Sha256;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.FoldGraph;
import org.tgssalt.manifest.ManifestException;

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
    void parityRunsOnRealImagesWhenTheRealDataIsThere() {
        Path shared = Path.of(System.getProperty("tgs.shared.dir", "../shared")).resolve("tgs");
        Assumptions.assumeTrue(Files.isDirectory(shared.resolve("train")),
                "real TGS data absent at " + shared.toAbsolutePath() + "; parity ran on synthetic images only");
        // half of the eight parity inputs come from the real training images
        assertTrue(LOG.contains("parity inputs: 8 images (4 real)"), String.join("\n", LOG));
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
    void exportedGraphsPassTheOnnxProjectsOwnChecker() throws Exception {
        Assumptions.assumeTrue(pythonOnnxAvailable(),
                "python3-onnx is not installed (apt-get install python3-onnx); ONNX checker test skipped");
        for (String file : List.of("fold-1.onnx", "fold-2.onnx", SaltNetExporter.FUSED_FILE)) {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                    "import onnx,sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)",
                    out.resolve(file).toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), file + ": checker timed out");
            assertEquals(0, p.exitValue(), file + " fails onnx.checker: " + output);
        }
    }

    private static boolean pythonOnnxAvailable() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import onnx").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void runtimeRefusesATamperedMissingOrNewerManifest() throws IOException {
        Path copy = Files.createDirectories(work.resolve("copy"));
        for (String f : List.of("fold-1.onnx", "fold-2.onnx", SaltNetExporter.FUSED_FILE, EnsembleManifest.FILE_NAME)) {
            Files.copy(out.resolve(f), copy.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path json = copy.resolve(EnsembleManifest.FILE_NAME);
        EnsembleManifest.read(json);

        byte[] graph = Files.readAllBytes(copy.resolve("fold-2.onnx"));
        graph[graph.length - 1] ^= 1;
        Files.write(copy.resolve("fold-2.onnx"), graph);
        ManifestException tampered = assertThrows(ManifestException.class, () -> EnsembleManifest.read(json));
        assertTrue(tampered.getMessage().startsWith(copy.resolve("fold-2.onnx") + ": SHA-256 "), tampered.getMessage());
        assertTrue(tampered.getMessage().endsWith("(the file changed after export)"), tampered.getMessage());

        Files.delete(copy.resolve("fold-2.onnx"));
        ManifestException missing = assertThrows(ManifestException.class, () -> EnsembleManifest.read(json));
        assertEquals(copy.resolve("fold-2.onnx") + ": missing: the manifest names it as fold 2", missing.getMessage());

        String text = Files.readString(json).replaceFirst("\"schemaVersion\" : 2", "\"schemaVersion\" : 3");
        Files.writeString(json, text);
        ManifestException newer = assertThrows(ManifestException.class, () -> EnsembleManifest.read(json));
        assertEquals(json + ": schemaVersion 3 is not supported; this runtime reads schemaVersion 1 and 2",
                newer.getMessage());
    }

    @Test
    void exportCommandReportsUsageAndFailuresOnOneLine() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        org.tgssalt.cli.Launcher launcher = new org.tgssalt.cli.Launcher(List.of(new ExportCommand()),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err, true,
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(2, launcher.run(new String[] {"export", "--out", work.resolve("x").toString()}));
        assertTrue(err.toString(java.nio.charset.StandardCharsets.UTF_8).contains("Missing required option: checkpoints"));
        err.reset();
        Path nowhere = work.resolve("no-such-run");
        assertEquals(1, launcher.run(new String[] {"export", "--checkpoints", nowhere.toString(), "--out",
                work.resolve("x").toString()}));
        assertEquals("tgs export: " + nowhere + ": not a folder (expected the output folder of ./tgs train)",
                err.toString(java.nio.charset.StandardCharsets.UTF_8).strip());
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

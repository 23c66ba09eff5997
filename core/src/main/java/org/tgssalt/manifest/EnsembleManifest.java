package org.tgssalt.manifest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.io.AtomicFile;
import org.tgssalt.io.Sha256;

/**
 * The ensemble manifest, {@code ensemble.json} (schema version {@value #SCHEMA_VERSION}; version 1, which
 * has no precisions and no int8 section, is read as it is): the fold graphs with their SHA-256 digests and
 * precision, the graphs' input and output, the test-time augmentation, the threshold, an optional fused
 * graph, the FLOPs of one forward pass, free-form provenance and, optionally, the calibrated int8 graphs
 * ({@link Int8Graphs}).
 *
 * <p>Graph file names are relative to the manifest's folder. Immutable; {@code with...} methods
 * return changed copies. Read with {@link #read(Path)} (which checks every named file and its
 * digest), write with {@link #write(Path)} (atomic).
 *
 * @param schemaVersion {@value #SCHEMA_VERSION}, or 1 for a manifest written before int8 graphs; other versions
 *     are refused on reading
 * @param folds the fold graphs, at least one, distinct fold numbers and files
 * @param input the graphs' input, normally {@code image [N,1,101,101]}
 * @param output the graphs' output, normally {@code salt_probability [N,1,101,101]}
 * @param tta the test-time augmentations: {@code ["hflip"]} or empty
 * @param threshold the mask threshold
 * @param fused the fused graph, or null when there is none
 * @param flopsPerPass floating-point operations of one fold graph's forward pass for one image, or
 *     null when unknown
 * @param provenance free-form facts (git commit, library versions, training configuration, data hash)
 * @param int8 the int8 graphs with their calibration and quality gate, or null (always null in version 1)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnsembleManifest(
        int schemaVersion,
        List<FoldGraph> folds,
        TensorSpec input,
        TensorSpec output,
        List<String> tta,
        Threshold threshold,
        FusedGraph fused,
        Long flopsPerPass,
        Map<String, String> provenance,
        Int8Graphs int8) {

    /** The schema version this class writes; it also reads {@value #FIRST_SCHEMA_VERSION}. */
    public static final int SCHEMA_VERSION = 2;
    /** The first schema version (no precisions, no int8 section), still read. */
    public static final int FIRST_SCHEMA_VERSION = 1;
    /** The manifest's usual file name. */
    public static final String FILE_NAME = "ensemble.json";
    /** The graphs' input name. */
    public static final String INPUT_NAME = "image";
    /** The graphs' output name. */
    public static final String OUTPUT_NAME = "salt_probability";
    /** The horizontal-flip test-time augmentation. */
    public static final String HFLIP = "hflip";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    @JsonCreator
    public EnsembleManifest {
        if (schemaVersion != SCHEMA_VERSION && schemaVersion != FIRST_SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion " + schemaVersion + " is not supported; this runtime reads "
                    + SUPPORTED);
        }
        if (folds == null || folds.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one fold graph");
        }
        folds = List.copyOf(folds);
        Set<Integer> foldNumbers = new HashSet<>();
        Set<String> files = new HashSet<>();
        for (FoldGraph f : folds) {
            if (!foldNumbers.add(f.fold())) {
                throw new IllegalArgumentException("fold " + f.fold() + " is listed twice");
            }
            if (!files.add(f.file())) {
                throw new IllegalArgumentException("graph file " + f.file() + " is listed twice");
            }
        }
        if (input == null || output == null) {
            throw new IllegalArgumentException("the manifest must declare the graphs' input and output");
        }
        tta = tta == null ? List.of() : List.copyOf(tta);
        if (!tta.isEmpty() && !tta.equals(List.of(HFLIP))) {
            throw new IllegalArgumentException("tta must be [\"" + HFLIP + "\"] or [], got " + tta);
        }
        if (threshold == null) {
            threshold = Threshold.DEFAULT;
        }
        if (flopsPerPass != null && flopsPerPass <= 0) {
            throw new IllegalArgumentException("flopsPerPass must be positive, got " + flopsPerPass);
        }
        provenance = provenance == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(provenance));
        checkPrecisions(schemaVersion, folds, fused, int8, files);
    }

    /** A manifest without int8 graphs. */
    public EnsembleManifest(int schemaVersion, List<FoldGraph> folds, TensorSpec input, TensorSpec output,
            List<String> tta, Threshold threshold, FusedGraph fused, Long flopsPerPass, Map<String, String> provenance) {
        this(schemaVersion, folds, input, output, tta, threshold, fused, flopsPerPass, provenance, null);
    }

    private static final String SUPPORTED = "schemaVersion " + FIRST_SCHEMA_VERSION + " and " + SCHEMA_VERSION;

    /** The main graphs are float32; int8 graphs sit in their own section, one per fold, under their own names. */
    private static void checkPrecisions(int schemaVersion, List<FoldGraph> folds, FusedGraph fused, Int8Graphs int8,
            Set<String> files) {
        for (FoldGraph f : folds) {
            if (f.precision() != Precision.FP32) {
                throw new IllegalArgumentException("fold " + f.fold() + " graph " + f.file() + " says precision "
                        + f.precision().text() + "; int8 graphs belong in the int8 section");
            }
        }
        if (fused != null && fused.precision() != Precision.FP32) {
            throw new IllegalArgumentException("fused graph " + fused.file() + " says precision "
                    + fused.precision().text() + "; int8 graphs belong in the int8 section");
        }
        if (int8 == null) {
            return;
        }
        if (schemaVersion < SCHEMA_VERSION) {
            throw new IllegalArgumentException("an int8 section needs schemaVersion " + SCHEMA_VERSION
                    + ", the manifest says " + schemaVersion);
        }
        Set<Integer> expected = new TreeSet<>();
        folds.forEach(f -> expected.add(f.fold()));
        Set<Integer> listed = new TreeSet<>();
        int8.folds().forEach(f -> listed.add(f.fold()));
        if (!expected.equals(listed)) {
            throw new IllegalArgumentException("int8 section lists folds " + listed + ", the ensemble has folds "
                    + expected);
        }
        Set<String> names = new HashSet<>(files);
        if (fused != null) {
            names.add(fused.file());
        }
        for (FoldGraph f : int8.folds()) {
            if (!names.add(f.file())) {
                throw new IllegalArgumentException("graph file " + f.file() + " is listed twice");
            }
        }
        if (int8.fused() != null && !names.add(int8.fused().file())) {
            throw new IllegalArgumentException("graph file " + int8.fused().file() + " is listed twice");
        }
    }

    /**
     * The usual manifest for fold graphs that take {@code image [N,1,101,101]} and give
     * {@code salt_probability [N,1,101,101]}, with flip TTA and threshold 0.5.
     */
    public static EnsembleManifest of(List<FoldGraph> folds, Map<String, String> provenance) {
        return new EnsembleManifest(SCHEMA_VERSION, folds, TensorSpec.imageBatch(INPUT_NAME, KaggleImage.SIDE),
                TensorSpec.imageBatch(OUTPUT_NAME, KaggleImage.SIDE), List.of(HFLIP), Threshold.DEFAULT, null, null,
                provenance, null);
    }

    /** A copy with another threshold. */
    public EnsembleManifest withThreshold(Threshold newThreshold) {
        return new EnsembleManifest(schemaVersion, folds, input, output, tta, newThreshold, fused, flopsPerPass,
                provenance, int8);
    }

    /** A copy with another fused graph (null for none). */
    public EnsembleManifest withFused(FusedGraph newFused) {
        return new EnsembleManifest(schemaVersion, folds, input, output, tta, threshold, newFused, flopsPerPass,
                provenance, int8);
    }

    /** A copy with other test-time augmentations. */
    public EnsembleManifest withTta(List<String> newTta) {
        return new EnsembleManifest(schemaVersion, folds, input, output, newTta, threshold, fused, flopsPerPass,
                provenance, int8);
    }

    /** A copy with the FLOPs of one fold forward pass per image (null for unknown). */
    public EnsembleManifest withFlopsPerPass(Long newFlopsPerPass) {
        return new EnsembleManifest(schemaVersion, folds, input, output, tta, threshold, fused, newFlopsPerPass,
                provenance, int8);
    }

    /** A copy with other provenance. */
    public EnsembleManifest withProvenance(Map<String, String> newProvenance) {
        return new EnsembleManifest(schemaVersion, folds, input, output, tta, threshold, fused, flopsPerPass,
                newProvenance, int8);
    }

    /**
     * A copy with other int8 graphs (null for none); a version 1 manifest given int8 graphs becomes version
     * {@value #SCHEMA_VERSION}.
     */
    public EnsembleManifest withInt8(Int8Graphs newInt8) {
        int version = newInt8 != null ? SCHEMA_VERSION : schemaVersion;
        return new EnsembleManifest(version, folds, input, output, tta, threshold, fused, flopsPerPass, provenance,
                newInt8);
    }

    /** The fold graphs of {@code precision}, or an empty list when the manifest has none of it. */
    public List<FoldGraph> folds(Precision precision) {
        if (precision == Precision.FP32) {
            return folds;
        }
        return int8 == null ? List.of() : int8.folds();
    }

    /** The fused graph of {@code precision}, or null when the manifest lists none. */
    public FusedGraph fused(Precision precision) {
        if (precision == Precision.FP32) {
            return fused;
        }
        return int8 == null ? null : int8.fused();
    }

    /** True when the manifest asks for horizontal-flip TTA. */
    public boolean horizontalFlip() {
        return tta.contains(HFLIP);
    }

    /**
     * Reads a manifest and checks that every graph it names exists beside it with the recorded
     * SHA-256.
     *
     * @throws ManifestException naming the manifest or graph file and the problem
     */
    public static EnsembleManifest read(Path json) {
        EnsembleManifest manifest = parse(json);
        manifest.verifyFiles(json.toAbsolutePath().getParent());
        return manifest;
    }

    /**
     * Reads and validates a manifest without touching the graph files.
     *
     * @throws ManifestException when the file is missing, not JSON, of another schema version or invalid
     */
    public static EnsembleManifest parse(Path json) {
        String source = json.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(json);
        } catch (NoSuchFileException e) {
            throw new ManifestException(source, "no ensemble manifest there (expected the " + FILE_NAME
                    + " that export writes)", e);
        } catch (IOException e) {
            throw new ManifestException(source, "cannot read the manifest: " + e.getMessage(), e);
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new ManifestException(source, "not JSON: " + firstLine(e), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new ManifestException(source, "not a JSON object, so not an ensemble manifest");
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.isInt()) {
            throw new ManifestException(source, "no integer schemaVersion, so not an ensemble manifest");
        }
        if (version.intValue() != SCHEMA_VERSION && version.intValue() != FIRST_SCHEMA_VERSION) {
            throw new ManifestException(source, "schemaVersion " + version.intValue()
                    + " is not supported; this runtime reads " + SUPPORTED);
        }
        try {
            return MAPPER.treeToValue(tree, EnsembleManifest.class);
        } catch (JsonMappingException e) {
            throw new ManifestException(source, "invalid manifest: " + mappingProblem(e), e);
        } catch (JsonProcessingException e) {
            throw new ManifestException(source, "invalid manifest: " + firstLine(e), e);
        }
    }

    /**
     * Checks that every graph file exists in {@code dir} and has the recorded SHA-256.
     *
     * @throws ManifestException naming the first missing or changed file
     */
    public void verifyFiles(Path dir) {
        for (FoldGraph f : folds) {
            verifyFile(dir.resolve(f.file()), f.sha256(), "fold " + f.fold());
        }
        if (fused != null) {
            verifyFile(dir.resolve(fused.file()), fused.sha256(), "fused graph");
        }
        if (int8 != null) {
            for (FoldGraph f : int8.folds()) {
                verifyFile(dir.resolve(f.file()), f.sha256(), "int8 fold " + f.fold());
            }
            if (int8.fused() != null) {
                verifyFile(dir.resolve(int8.fused().file()), int8.fused().sha256(), "int8 fused graph");
            }
        }
    }

    /**
     * Checks one graph file's digest against the manifest's.
     *
     * @param file the graph file
     * @param expected the manifest's digest
     * @param role what the manifest lists it as ("fold 3"), for the message
     * @throws ManifestException when the file is missing or its digest differs
     */
    public static void verifyFile(Path file, String expected, String role) {
        String actual;
        try {
            actual = Sha256.ofFile(file);
        } catch (NoSuchFileException e) {
            throw missingGraph(file, role, e);
        } catch (IOException e) {
            throw new ManifestException(file.toString(), "cannot read " + role + " graph: " + e.getMessage(), e);
        }
        verifyDigest(file, expected, actual);
    }

    /** Refuses a graph whose digest {@code actual} differs from the manifest's {@code expected}. */
    public static void verifyDigest(Path file, String expected, String actual) {
        if (!expected.equals(actual)) {
            throw new ManifestException(file.toString(), "SHA-256 " + actual + " does not match the manifest's "
                    + expected + " (the file changed after export)");
        }
    }

    /** The error for a graph the manifest names but the folder lacks. */
    public static ManifestException missingGraph(Path file, String role, Throwable cause) {
        return new ManifestException(file.toString(), "missing: the manifest names it as " + role, cause);
    }

    /** Writes this manifest to {@code json} atomically (temporary file, then move). */
    public void write(Path json) throws IOException {
        AtomicFile.writeBytes(json, toJson());
    }

    /** This manifest as pretty-printed UTF-8 JSON. */
    public byte[] toJson() {
        try {
            return MAPPER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise a manifest record", e);
        }
    }

    private static String mappingProblem(JsonMappingException e) {
        // A failed record constructor arrives wrapped; its own message says what is wrong.
        Throwable cause = e.getCause();
        String where = e.getPathReference();
        String what = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
        return firstLine(what) + (where == null || where.isBlank() ? "" : " (at " + where + ")");
    }

    private static String firstLine(Exception e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return firstLine(message);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

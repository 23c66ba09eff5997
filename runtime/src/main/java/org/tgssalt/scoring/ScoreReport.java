package org.tgssalt.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.tgssalt.ensemble.OnnxRuntimeInfo;
import org.tgssalt.io.AtomicFile;
import org.tgssalt.manifest.Precision;

/**
 * The JSON report written beside a submission.
 *
 * @param submission the submission CSV
 * @param images entries named {@code *.png} in the folder: always {@code scored + skipped.size()}
 * @param scored images scored (rows in the submission)
 * @param skipped images left out, with reasons
 * @param otherFormats entries with another image format's extension ({@code .jpg}, ...), not scored
 * @param emptyMasks scored images whose mask is empty
 * @param device where the graphs ran ({@code cpu}, {@code cuda:0})
 * @param cudaFailure why device auto did not use CUDA, or null
 * @param onnxRuntime the ONNX Runtime that ran: artifact, version, execution providers
 * @param batchSize images per graph call
 * @param folds fold graphs in the ensemble
 * @param flipTta whether horizontal-flip TTA was applied
 * @param fused whether the fused graph ran
 * @param precision the graphs' precision, {@code fp32} or {@code int8}
 * @param threshold the mask threshold
 * @param wallSeconds time from start to the written submission
 * @param imagesPerSecond scored images per wall-clock second
 * @see #builder()
 */
public record ScoreReport(String submission, int images, int scored, List<SkippedImage> skipped,
        List<String> otherFormats, int emptyMasks,
        String device, String cudaFailure, OnnxRuntimeInfo onnxRuntime, int batchSize, int folds, boolean flipTta, boolean fused,
        String precision, double threshold, double wallSeconds, double imagesPerSecond) {

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public ScoreReport {
        skipped = List.copyOf(skipped);
        // Absent from reports written before the field existed.
        otherFormats = otherFormats == null ? List.of() : List.copyOf(otherFormats);
        // Absent from reports written before int8 graphs, which were all float32.
        precision = precision == null ? Precision.FP32.text() : precision;
    }

    /**
     * A builder that names every field; all must be set except {@link Builder#cudaFailure} (default null:
     * CUDA was used or not asked for).
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Writes the report as JSON, atomically. */
    public void write(Path file) throws IOException {
        AtomicFile.writeBytes(file, toJson());
    }

    /** Writes the report to a temporary file beside {@code file}, for the caller to commit ({@link AtomicFile#prepare}). */
    public AtomicFile.Pending prepare(Path file) throws IOException {
        byte[] json = toJson();
        return AtomicFile.prepare(file, out -> out.write(json));
    }

    /** The report as pretty-printed UTF-8 JSON. */
    public byte[] toJson() {
        try {
            return MAPPER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a report record", e);
        }
    }

    /** Reads a report written by {@link #write(Path)}. */
    public static ScoreReport read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), ScoreReport.class);
    }

    /** Builds {@link ScoreReport}; {@link #build()} names a field left unset. Not thread-safe. */
    public static final class Builder {
        private String submission;
        private Integer images;
        private Integer scored;
        private List<SkippedImage> skipped;
        private List<String> otherFormats = List.of();
        private Integer emptyMasks;
        private String device;
        private String cudaFailure;
        private OnnxRuntimeInfo onnxRuntime;
        private Integer batchSize;
        private Integer folds;
        private Boolean flipTta;
        private Boolean fused;
        private String precision;
        private Double threshold;
        private Double wallSeconds;
        private Double imagesPerSecond;

        private Builder() {}

        /** The submission CSV. */
        public Builder submission(String value) {
            submission = value;
            return this;
        }

        /** PNG files found in the folder. */
        public Builder images(int value) {
            images = value;
            return this;
        }

        /** Images scored (rows in the submission). */
        public Builder scored(int value) {
            scored = value;
            return this;
        }

        /** Images left out, with reasons. */
        public Builder skipped(List<SkippedImage> value) {
            skipped = value;
            return this;
        }

        /** Files in other image formats, named but not scored (default none). */
        public Builder otherFormats(List<String> value) {
            otherFormats = value;
            return this;
        }

        /** Scored images whose mask is empty. */
        public Builder emptyMasks(int value) {
            emptyMasks = value;
            return this;
        }

        /** Where the graphs ran. */
        public Builder device(String value) {
            device = value;
            return this;
        }

        /** Why device auto did not use CUDA; default null. */
        public Builder cudaFailure(String value) {
            cudaFailure = value;
            return this;
        }

        /** The ONNX Runtime that ran. */
        public Builder onnxRuntime(OnnxRuntimeInfo value) {
            onnxRuntime = value;
            return this;
        }

        /** Images per graph call. */
        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        /** Fold graphs in the ensemble. */
        public Builder folds(int value) {
            folds = value;
            return this;
        }

        /** Whether horizontal-flip TTA was applied. */
        public Builder flipTta(boolean value) {
            flipTta = value;
            return this;
        }

        /** Whether the fused graph ran. */
        public Builder fused(boolean value) {
            fused = value;
            return this;
        }

        /** The graphs' precision. */
        public Builder precision(Precision value) {
            precision = value.text();
            return this;
        }

        /** The mask threshold. */
        public Builder threshold(double value) {
            threshold = value;
            return this;
        }

        /** Time from start to the written submission. */
        public Builder wallSeconds(double value) {
            wallSeconds = value;
            return this;
        }

        /** Scored images per wall-clock second. */
        public Builder imagesPerSecond(double value) {
            imagesPerSecond = value;
            return this;
        }

        /** The report. @throws NullPointerException naming a field left unset */
        public ScoreReport build() {
            return new ScoreReport(set(submission, "submission"), set(images, "images"), set(scored, "scored"),
                    set(skipped, "skipped"), set(otherFormats, "otherFormats"),
                    set(emptyMasks, "emptyMasks"), set(device, "device"), cudaFailure,
                    set(onnxRuntime, "onnxRuntime"), set(batchSize, "batchSize"), set(folds, "folds"),
                    set(flipTta, "flipTta"), set(fused, "fused"), set(precision, "precision"),
                    set(threshold, "threshold"),
                    set(wallSeconds, "wallSeconds"), set(imagesPerSecond, "imagesPerSecond"));
        }

        private static <T> T set(T value, String name) {
            return Objects.requireNonNull(value, () -> "ScoreReport." + name + " is not set");
        }
    }
}

package org.tgssalt.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.tgssalt.ensemble.OnnxRuntimeInfo;
import org.tgssalt.io.AtomicFile;

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
 * @param threshold the mask threshold
 * @param wallSeconds time from start to the written submission
 * @param imagesPerSecond scored images per wall-clock second
 */
public record ScoreReport(String submission, int images, int scored, List<SkippedImage> skipped,
        List<String> otherFormats, int emptyMasks,
        String device, String cudaFailure, OnnxRuntimeInfo onnxRuntime, int batchSize, int folds, boolean flipTta, boolean fused,
        double threshold, double wallSeconds, double imagesPerSecond) {

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public ScoreReport {
        skipped = List.copyOf(skipped);
        otherFormats = List.copyOf(otherFormats);
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
}

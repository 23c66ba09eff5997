package org.tgssalt.spark;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.tgssalt.io.AtomicFile;
import org.tgssalt.scoring.ScoreReport;

/**
 * The JSON report of {@code spark-score}: every field of {@code score}'s report ({@link ScoreReport}, at
 * the top level) plus the executors and partitions that scored.
 *
 * @param score the fields {@code score} reports; {@code device} lists each device the executors used
 * @param executors executor JVMs that scored (each opened the ensemble once)
 * @param partitions partitions the images were scored in
 */
public record SparkScoreReport(@JsonUnwrapped ScoreReport score, int executors, int partitions) {
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** Writes the report as JSON, atomically. */
    public void write(Path file) throws IOException {
        AtomicFile.writeBytes(file, toJson());
    }

    /** The report as pretty-printed UTF-8 JSON. */
    public byte[] toJson() {
        try {
            return MAPPER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a report record", e);
        }
    }
}

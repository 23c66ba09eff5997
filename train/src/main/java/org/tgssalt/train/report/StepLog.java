package org.tgssalt.train.report;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code steps.csv} in a fold directory: one row per training step (columns of {@link StepRecord}), written as
 * training goes and flushed after every row, so that a run that jumps or dies can be read step by step.
 * A new run replaces the file. Not thread-safe; closing it closes the file.
 */
public final class StepLog implements AutoCloseable {
    /** File name inside the fold directory. */
    public static final String FILE_NAME = "steps.csv";

    private static final CsvMapper MAPPER = new CsvMapper();
    private static final CsvSchema SCHEMA = MAPPER.schemaFor(StepRecord.class).withHeader();

    private final Path file;
    private final SequenceWriter writer;

    /** Starts {@code dir/steps.csv}, replacing an earlier one. */
    public StepLog(Path dir) throws IOException {
        this.file = dir.resolve(FILE_NAME);
        this.writer = MAPPER.writer(SCHEMA).writeValues(Files.newBufferedWriter(file));
    }

    /** Appends one step and flushes it. */
    public void add(StepRecord record) {
        try {
            writer.write(record);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the step log: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}

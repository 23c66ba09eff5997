package org.tgssalt.train.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.tgssalt.InputException;
import org.tgssalt.io.AtomicFile;

/**
 * {@code steps.csv} in a fold directory: one row per training step (columns of {@link StepRecord}), written as
 * training goes and flushed after every row, so that a run that jumps or dies can be read step by step.
 * {@link #create} starts a new file; {@link #continueAfter} keeps the rows of a stopped run's completed epochs and
 * appends after them. Not thread-safe; closing it closes the file.
 */
public final class StepLog implements AutoCloseable {
    /** File name inside the fold directory. */
    public static final String FILE_NAME = "steps.csv";

    private static final CsvMapper MAPPER = new CsvMapper();
    private static final CsvSchema SCHEMA = MAPPER.schemaFor(StepRecord.class).withHeader();

    private final Path file;
    private final SequenceWriter writer;
    private final List<StepRecord> kept;

    private StepLog(Path file, SequenceWriter writer, List<StepRecord> kept) {
        this.file = file;
        this.writer = writer;
        this.kept = List.copyOf(kept);
    }

    /** Starts {@code dir/steps.csv}, replacing an earlier one. */
    public static StepLog create(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        return new StepLog(file, MAPPER.writer(SCHEMA).writeValues(Files.newBufferedWriter(file)), List.of());
    }

    /**
     * Keeps the header and the first {@code rows} rows of {@code dir/steps.csv} (the steps of a stopped run's
     * completed epochs; the rows of the epoch it was stopped in are dropped, a half-written last line with them),
     * rewriting the file atomically, and appends after them.
     *
     * @throws InputException naming the file when it is missing, holds fewer rows, or a kept row is not a step
     */
    public static StepLog continueAfter(Path dir, long rows) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException(file.toString(), "missing: the run's first " + rows + " steps were logged there");
        }
        if (lines.isEmpty() || lines.size() - 1 < rows) {
            throw new InputException(file.toString(), "holds " + Math.max(0, lines.size() - 1) + " step rows, the"
                    + " run's snapshot counts " + rows + " (was the file changed after the run stopped?)");
        }
        List<String> keep = lines.subList(0, (int) rows + 1);
        ObjectReader reader = MAPPER.readerFor(StepRecord.class).with(SCHEMA.withoutHeader());
        List<StepRecord> records = new ArrayList<>(keep.size() - 1);
        for (int i = 1; i < keep.size(); i++) {
            try {
                records.add(reader.readValue(keep.get(i)));
            } catch (JacksonException e) {
                throw new InputException(file + " line " + (i + 1), "not a step row: " + e.getOriginalMessage(), e);
            }
        }
        AtomicFile.writeString(file, String.join("\n", keep) + "\n");
        SequenceWriter writer = MAPPER.writer(SCHEMA.withoutHeader())
                .writeValues(Files.newBufferedWriter(file, StandardOpenOption.APPEND));
        return new StepLog(file, writer, records);
    }

    /** The rows kept from a stopped run by {@link #continueAfter}, in order; empty for {@link #create}. */
    public List<StepRecord> kept() {
        return kept;
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

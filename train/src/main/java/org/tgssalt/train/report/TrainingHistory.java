package org.tgssalt.train.report;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tgssalt.InputException;
import org.tgssalt.io.AtomicFile;

/**
 * The per-epoch history of a fold, kept in memory and written as {@code history.csv} (a header row, one
 * row per epoch, columns as in {@link EpochRecord}). Not thread-safe.
 */
public final class TrainingHistory {
    /** File name inside the fold directory. */
    public static final String FILE_NAME = "history.csv";

    private static final CsvMapper MAPPER = new CsvMapper();
    private static final CsvSchema SCHEMA = MAPPER.schemaFor(EpochRecord.class).withHeader();

    private final List<EpochRecord> epochs = new ArrayList<>();

    /** Appends one epoch. */
    public void add(EpochRecord record) {
        epochs.add(record);
    }

    /** The epochs so far, in order. */
    public List<EpochRecord> epochs() {
        return List.copyOf(epochs);
    }

    /** A history holding {@code records}, in order. */
    public static TrainingHistory of(List<EpochRecord> records) {
        TrainingHistory history = new TrainingHistory();
        records.forEach(history::add);
        return history;
    }

    /** Writes {@code history.csv} into {@code dir} atomically. */
    public void write(Path dir) throws IOException {
        byte[] bytes = csv();
        AtomicFile.write(dir.resolve(FILE_NAME), out -> out.write(bytes));
    }

    /** The bytes of {@code history.csv}: the header and one row per epoch. */
    public byte[] csv() throws IOException {
        return MAPPER.writer(SCHEMA).writeValueAsBytes(epochs);
    }

    /**
     * Reads a history written by {@link #write}, e.g. to continue a stopped run.
     *
     * @throws InputException when the file is not such a history
     */
    public static TrainingHistory read(Path file) throws IOException {
        TrainingHistory history = new TrainingHistory();
        try (Reader reader = Files.newBufferedReader(file);
                MappingIterator<EpochRecord> rows = MAPPER.readerFor(EpochRecord.class).with(SCHEMA).readValues(reader)) {
            while (rows.hasNext()) {
                history.add(rows.next());
            }
        } catch (NoSuchFileException e) {
            throw new InputException(file.toString(), "missing: no training history there");
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InputException(file.toString(), "not a training history: " + e.getOriginalMessage(), e);
        }
        return history;
    }
}

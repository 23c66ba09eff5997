package org.tgssalt.dataset;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tgssalt.InputException;
import org.tgssalt.io.AtomicFile;

/**
 * A small CSV file with a fixed header, read and written with Jackson's CSV module. Rows keep their
 * line numbers so that errors can say "train.csv line 17: ...". Values are written unquoted (like
 * Kaggle's files), so values with commas, quotes or line breaks are refused. Stateless, thread-safe.
 */
public final class CsvTable {
    private static final CsvMapper MAPPER = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

    /**
     * One data row.
     *
     * @param cells the values, stripped of surrounding blanks
     * @param line the 1-based line number in the file
     */
    public record Row(List<String> cells, int line) {}

    private CsvTable() {}

    /**
     * Reads {@code file}, whose first line must be exactly {@code header}, and whose every row has
     * that many cells. Blank lines are skipped.
     */
    public static List<Row> read(Path file, List<String> header) {
        String source = file.toString();
        List<Row> rows = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file);
                Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8);
                MappingIterator<String[]> it = MAPPER.readerFor(String[].class).readValues(reader)) {
            boolean first = true;
            while (true) {
                // Reading a row consumes its line break, so before each row the parser stands at the
                // start of that row's line (Jackson's token locations lag by a row and cannot be used).
                int line = it.getCurrentLocation().getLineNr();
                if (!it.hasNextValue()) {
                    break;
                }
                String[] cells = it.nextValue();
                if (isBlank(cells)) {
                    continue;
                }
                if (first) {
                    List<String> found = Arrays.stream(cells).map(CsvTable::stripBom).map(String::strip).toList();
                    if (!found.equals(header)) {
                        throw new InputException(source, "line " + line + ": expected header "
                                + String.join(",", header) + ", found " + String.join(",", found));
                    }
                    first = false;
                    continue;
                }
                if (cells.length != header.size()) {
                    throw new InputException(source, "line " + line + ": expected " + header.size()
                            + " values (" + String.join(",", header) + "), found " + cells.length);
                }
                rows.add(new Row(Arrays.stream(cells).map(String::strip).toList(), line));
            }
            if (first) {
                throw new InputException(source, "empty file; expected header " + String.join(",", header));
            }
        } catch (NoSuchFileException e) {
            throw new InputException(source, "file not found", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InputException ie) {
                throw ie;
            }
            throw new InputException(source, "not a readable CSV file (" + e.getMessage() + ")", e);
        }
        return rows;
    }

    /**
     * Writes {@code header} and {@code rows} to {@code file} atomically (UTF-8, '\n' line ends).
     *
     * @throws IllegalArgumentException when a value contains a comma, quote or line break
     */
    public static void write(Path file, List<String> header, List<List<String>> rows) throws IOException {
        try (AtomicFile.Pending pending = prepare(file, header, rows)) {
            pending.commit();
        }
    }

    /**
     * Writes the table to a temporary file beside {@code file}; the caller commits (renames it into
     * place) or closes (deletes it). See {@link AtomicFile#prepare}.
     *
     * @throws IllegalArgumentException when a value contains a comma, quote or line break
     */
    public static AtomicFile.Pending prepare(Path file, List<String> header, List<List<String>> rows)
            throws IOException {
        for (List<String> row : rows) {
            for (String cell : row) {
                if (!writable(cell)) {
                    throw new IllegalArgumentException("CSV value for " + file + " contains a comma, quote or line "
                            + "break: '" + cell + "'");
                }
            }
        }
        // No quoting, like Kaggle's own files ("1 2 7 1", not "\"1 2 7 1\""); the check above keeps it safe.
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\n").disableQuoteChar();
        header.forEach(schema::addColumn);
        ObjectWriter writer = MAPPER.writer(schema.build());
        return AtomicFile.prepare(file, out -> {
            Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try (SequenceWriter sequence = writer.writeValues(text)) {
                for (List<String> row : rows) {
                    sequence.write(row);
                }
            }
        });
    }

    /** True when {@code value} can be written unquoted: no comma, quote or line break. */
    public static boolean writable(String value) {
        return value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
    }

    private static boolean isBlank(String[] cells) {
        return cells.length == 0 || (cells.length == 1 && cells[0].isBlank());
    }

    private static String stripBom(String cell) {
        return cell.startsWith("\uFEFF") ? cell.substring(1) : cell;
    }
}

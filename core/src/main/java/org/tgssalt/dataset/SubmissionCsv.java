package org.tgssalt.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tgssalt.InputException;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.io.AtomicFile;
import org.tgssalt.rle.RunLengthEncoder;

/**
 * The Kaggle mask table {@code id,rle_mask}: a submission, and also the layout's {@code train.csv}.
 * Masks are in the Kaggle run-length encoding ({@link RunLengthEncoder}); an empty mask is an empty
 * field. Files are written with rows sorted by id, atomically.
 *
 * <p>Reading validates the header, the number of values per row, empty and duplicate ids, and (when
 * decoding) each encoding; errors name the file and line.
 */
public final class SubmissionCsv {
    /** The header line's columns. */
    public static final List<String> HEADER = List.of("id", "rle_mask");

    /** One row: an image id, its encoding, and the line it was read from (0 when not read from a file). */
    public record Entry(String id, String rleMask, int line) {}

    private SubmissionCsv() {}

    /** The rows of {@code file} in file order, ids unique and non-empty. */
    public static List<Entry> read(Path file) {
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (CsvTable.Row row : CsvTable.read(file, HEADER)) {
            String id = row.cells().get(0);
            if (id.isEmpty()) {
                throw new InputException(file + " line " + row.line(), "empty id");
            }
            Integer previous = seen.putIfAbsent(id, row.line());
            if (previous != null) {
                throw new InputException(file + " line " + row.line(), "duplicate id '" + id
                        + "' (first on line " + previous + ")");
            }
            entries.add(new Entry(id, row.cells().get(1), row.line()));
        }
        return entries;
    }

    /** The encodings of {@code file} by id, sorted by id, not decoded. */
    public static SortedMap<String, String> readEncodings(Path file) {
        SortedMap<String, String> map = new TreeMap<>();
        for (Entry e : read(file)) {
            map.put(e.id(), e.rleMask());
        }
        return Collections.unmodifiableSortedMap(map);
    }

    /**
     * The masks of {@code file} by id, sorted by id, each decoded for a {@code width x height} image.
     *
     * @throws InputException naming the file and line of the first bad encoding
     */
    public static SortedMap<String, BinaryMask> readMasks(Path file, int width, int height) {
        SortedMap<String, BinaryMask> map = new TreeMap<>();
        for (Entry e : read(file)) {
            map.put(e.id(), RunLengthEncoder.decode(e.rleMask(), width, height, file + " line " + e.line()));
        }
        return Collections.unmodifiableSortedMap(map);
    }

    /** Writes masks as {@code id,rle_mask}, rows sorted by id. */
    public static void write(Path file, Map<String, BinaryMask> masks) throws IOException {
        Map<String, String> encodings = new TreeMap<>();
        masks.forEach((id, mask) -> encodings.put(id, RunLengthEncoder.encode(mask)));
        writeEncodings(file, encodings);
    }

    /** Writes already encoded masks as {@code id,rle_mask}, rows sorted by id. */
    public static void writeEncodings(Path file, Map<String, String> encodings) throws IOException {
        try (AtomicFile.Pending pending = prepareEncodings(file, encodings)) {
            pending.commit();
        }
    }

    /**
     * Writes already encoded masks to a temporary file beside {@code file}, for the caller to commit
     * together with other outputs ({@link AtomicFile#prepare}).
     */
    public static AtomicFile.Pending prepareEncodings(Path file, Map<String, String> encodings) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        new TreeMap<>(encodings).forEach((id, rle) -> rows.add(List.of(id, rle)));
        return CsvTable.prepare(file, HEADER, rows);
    }

    /**
     * Why {@code id} cannot be a row's id, or null when it can: empty, a comma, quote or line break
     * (the file is written unquoted, like Kaggle's), or blanks at either end (readers strip them).
     */
    public static String idProblem(String id) {
        if (id.isEmpty()) {
            return "the id is empty";
        }
        if (!CsvTable.writable(id)) {
            return "the id contains a comma, quote or line break, which the submission CSV cannot hold";
        }
        if (!id.equals(id.strip())) {
            return "the id starts or ends with a blank, which CSV readers strip";
        }
        return null;
    }
}

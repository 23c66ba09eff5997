package org.tgssalt.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tgssalt.InputException;

/**
 * The layout's {@code depths.csv}: {@code id,z}, the depth of each image (train and test) in
 * whole units. The reference model reads but does not use it. Errors name the file and line.
 */
public final class DepthsCsv {
    /** The header line's columns. */
    public static final List<String> HEADER = List.of("id", "z");

    private DepthsCsv() {}

    /** Depth by id, sorted by id; ids unique, depths integers. */
    public static SortedMap<String, Integer> read(Path file) {
        SortedMap<String, Integer> depths = new TreeMap<>();
        for (CsvTable.Row row : CsvTable.read(file, HEADER)) {
            String source = file + " line " + row.line();
            String id = row.cells().get(0);
            if (id.isEmpty()) {
                throw new InputException(source, "empty id");
            }
            int z;
            try {
                z = Integer.parseInt(row.cells().get(1));
            } catch (NumberFormatException e) {
                throw new InputException(source, "depth z is not an integer: '" + row.cells().get(1) + "'");
            }
            if (depths.put(id, z) != null) {
                throw new InputException(source, "duplicate id '" + id + "'");
            }
        }
        return Collections.unmodifiableSortedMap(depths);
    }

    /** Writes {@code id,z} rows sorted by id, atomically. */
    public static void write(Path file, Map<String, Integer> depths) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        new TreeMap<>(depths).forEach((id, z) -> rows.add(List.of(id, Integer.toString(z))));
        CsvTable.write(file, HEADER, rows);
    }
}

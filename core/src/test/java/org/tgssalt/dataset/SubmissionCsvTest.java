package org.tgssalt.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.rle.RunLengthEncoder;

class SubmissionCsvTest {
    @TempDir
    Path dir;

    @Test
    void writesSortedRowsWithExactText() throws IOException {
        Map<String, BinaryMask> masks = new TreeMap<>();
        masks.put("b", RunLengthEncoder.decode("2 2 7 1", 3, 3));
        masks.put("a", BinaryMask.empty(3, 3));
        masks.put("c", RunLengthEncoder.decode("1 9", 3, 3));
        Path file = dir.resolve("sub.csv");
        SubmissionCsv.write(file, Map.copyOf(masks)); // unordered map in, sorted rows out
        assertEquals("id,rle_mask\na,\nb,2 2 7 1\nc,1 9\n", Files.readString(file));
        assertEquals(masks, SubmissionCsv.readMasks(file, 3, 3));
        assertEquals(List.of(new SubmissionCsv.Entry("a", "", 2), new SubmissionCsv.Entry("b", "2 2 7 1", 3),
                new SubmissionCsv.Entry("c", "1 9", 4)), SubmissionCsv.read(file));
    }

    @Test
    void readsKaggleStyleFiles() throws IOException {
        // CRLF line ends, a byte-order mark, quoted fields and a trailing blank line.
        Path file = dir.resolve("train.csv");
        Files.writeString(file, "\uFEFFid,rle_mask\r\n\"x1\",\"1 2\"\r\nx0,\r\n\r\n");
        SortedMap<String, String> enc = SubmissionCsv.readEncodings(file);
        assertEquals(List.of("x0", "x1"), List.copyOf(enc.keySet()));
        assertEquals("1 2", enc.get("x1"));
        assertEquals("", enc.get("x0"));
        Files.writeString(file, "id,rle_mask\r\nx1,1 2\r\n\r\nx0,1 2 3\r\n");
        InputException e = assertThrows(InputException.class, () -> SubmissionCsv.readMasks(file, 3, 3));
        assertEquals(file + " line 4: run-length encoding has an odd number of values (3); expected \"start length\" pairs",
                e.getMessage());
    }

    @Test
    void errorsNameFileAndLine() throws IOException {
        assertError("id,mask\na,\n", "sub.csv: line 1: expected header id,rle_mask, found id,mask");
        assertError("id,rle_mask\na,\nb,1 2,3\n", "sub.csv: line 3: expected 2 values (id,rle_mask), found 3");
        assertError("id,rle_mask\na,\nb,\na,1 1\n", "sub.csv line 4: duplicate id 'a' (first on line 2)");
        assertError("id,rle_mask\n,1 1\n", "sub.csv line 2: empty id");
        assertError("", "sub.csv: empty file; expected header id,rle_mask");
        Path file = dir.resolve("rle.csv");
        Files.writeString(file, "id,rle_mask\na,1 1\nb,1 2 3\n");
        InputException e = assertThrows(InputException.class, () -> SubmissionCsv.readMasks(file, 3, 3));
        assertEquals(file + " line 3: run-length encoding has an odd number of values (3); expected \"start length\" pairs",
                e.getMessage());
        Path missing = dir.resolve("missing.csv");
        InputException notFound = assertThrows(InputException.class, () -> SubmissionCsv.read(missing));
        assertEquals(missing + ": file not found", notFound.getMessage());
    }

    @Test
    void depthsRoundTripAndErrors() throws IOException {
        Path file = dir.resolve("depths.csv");
        DepthsCsv.write(file, Map.of("b", 300, "a", -5));
        assertEquals("id,z\na,-5\nb,300\n", Files.readString(file));
        assertEquals(Map.of("a", -5, "b", 300), DepthsCsv.read(file));
        Files.writeString(file, "id,z\na,1\nb,deep\n");
        InputException e = assertThrows(InputException.class, () -> DepthsCsv.read(file));
        assertEquals(file + " line 3: depth z is not an integer: 'deep'", e.getMessage());
    }

    private void assertError(String content, String expectedSuffix) throws IOException {
        Path file = dir.resolve("sub.csv");
        Files.writeString(file, content);
        InputException e = assertThrows(InputException.class, () -> SubmissionCsv.read(file));
        assertEquals(dir + "/" + expectedSuffix, e.getMessage());
    }
}

package org.tgssalt.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rows spark-score scores: every listed file once, its bytes, in partitions of equal counts. */
class ImageReadsTest {
    @TempDir
    Path dir;

    @Test
    void tenFilesInFourPartitionsAreSlicedTwoThreeTwoThree() throws IOException {
        List<String> uris = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // Glob characters and a blank: each URI is read as one path, never as a pattern.
            Path file = Files.writeString(dir.resolve("img [" + i + "]*.png"), "bytes of " + i);
            uris.add(file.toUri().toString());
        }
        List<List<Row>> partitions = ImageReads.rows(SparkFixtures.session(), uris, 4).javaRDD().glom().collect();
        // parallelize slices at i * n / P: 0, 2, 5, 7, 10.
        assertEquals(List.of(2, 3, 2, 3), partitions.stream().map(List::size).toList());
        List<String> read = new ArrayList<>();
        for (List<Row> partition : partitions) {
            for (Row row : partition) {
                int i = uris.indexOf(row.getString(0));
                assertArrayEquals(("bytes of " + i).getBytes(StandardCharsets.UTF_8), (byte[]) row.get(1));
                read.add(row.getString(0));
            }
        }
        assertEquals(uris, read, "every file once, in listing order");
    }

    @Test
    void defaultPartitionsAreFourWavesOfTheSlotsAndNeverMoreThanTheImages() {
        assertEquals(8, ImageReads.defaultPartitions(1000, 2));
        assertEquals(64, ImageReads.defaultPartitions(18000, 16));
        assertEquals(3, ImageReads.defaultPartitions(3, 2));
        assertEquals(1, ImageReads.defaultPartitions(0, 2));
    }
}

package org.tgssalt.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ImagePrefetcherTest {
    @TempDir
    Path dir;

    private List<Path> files(int n) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve("i" + i + ".png");
            if (i == 4) {
                ScoringFixtures.writeNotPng(f);
            } else {
                ScoringFixtures.writeRandom(f, i);
            }
            files.add(f);
        }
        return files;
    }

    @Test
    @Timeout(60)
    void batchesComeInFileOrderWithErrorsInPlace() throws Exception {
        List<Path> files = files(10);
        List<Integer> sizes = new ArrayList<>();
        List<Path> order = new ArrayList<>();
        try (ImagePrefetcher prefetcher = new ImagePrefetcher(files, 3, 2)) {
            for (List<ImagePrefetcher.Item> b = prefetcher.next(); !b.isEmpty(); b = prefetcher.next()) {
                sizes.add(b.size());
                for (ImagePrefetcher.Item item : b) {
                    order.add(item.file());
                    if (item.file().getFileName().toString().equals("i4.png")) {
                        assertNull(item.image());
                        assertTrue(item.error().getMessage().endsWith("not a PNG file (no PNG signature)"));
                    } else {
                        assertNotNull(item.image());
                    }
                }
            }
            assertTrue(prefetcher.next().isEmpty(), "the end stays the end");
        }
        assertEquals(List.of(3, 3, 3, 1), sizes);
        assertEquals(files, order);
    }

    @Test
    @Timeout(60)
    void runningOutOfMemoryIsReportedAsThatNotAsABadPng() throws Exception {
        List<Path> files = files(3);
        // What PngImageReader throws when a decode exhausts the heap: the JVM's words plus the file.
        // The first file: the decoder clears the queue when it fails, so a batch decoded before the failure may
        // or may not still be there when the consumer asks (it raced under load, and the error escaped the test).
        String message = "Java heap space while decoding " + files.get(0);
        try (ImagePrefetcher prefetcher = new ImagePrefetcher(files, 1, 2, file -> {
            if (file.equals(files.get(0))) {
                throw new OutOfMemoryError(message);
            }
            return ScoringFixtures.decode(file);
        })) {
            // Caught by hand: JUnit's assertThrows rethrows an OutOfMemoryError as unrecoverable, which ends the
            // test JVM instead of checking the message.
            OutOfMemoryError thrown = null;
            try {
                prefetcher.next();
            } catch (OutOfMemoryError e) {
                thrown = e;
            }
            assertNotNull(thrown, "next() must throw the decoder's OutOfMemoryError");
            assertEquals(message, thrown.getMessage());
        }
    }

    @Test
    @Timeout(60)
    void closingMidwayStopsTheDecoder() throws Exception {
        List<Path> files = files(12);
        try (ImagePrefetcher prefetcher = new ImagePrefetcher(files, 1, 1)) {
            assertEquals(1, prefetcher.next().size());
        } // close() joins the decoder, which is blocked on the full queue: it must not hang
    }
}

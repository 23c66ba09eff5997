package org.tgssalt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealPathTest {
    @TempDir
    Path dir;

    @Test
    void aLinkAndItsTargetAreTheSamePlaceAlsoForFilesNotYetThere() throws IOException {
        Path images = Files.createDirectories(dir.resolve("data/images"));
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), images);
        assertEquals(RealPath.of(images), RealPath.of(alias));
        assertEquals(RealPath.of(images.resolve("new/out.png")), RealPath.of(alias.resolve("new/out.png")));
        assertEquals(RealPath.of(images), RealPath.of(dir.resolve("data/other/../images/.")));
        assertEquals(images.toRealPath(), RealPath.of(alias).path());
        assertNotEquals(RealPath.of(images), RealPath.of(dir.resolve("data")));
    }

    @Test
    void withinMeansTheFolderItselfOrBelowItNotANamePrefix() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        assertTrue(RealPath.of(out.resolve("a/b.csv")).isWithin(RealPath.of(out)));
        assertTrue(RealPath.of(out).isWithin(RealPath.of(out)));
        assertFalse(RealPath.of(dir.resolve("outside/b.csv")).isWithin(RealPath.of(out)));
        assertFalse(RealPath.of(dir).isWithin(RealPath.of(out)));
    }
}

package org.tgssalt.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void writesContentAndCreatesParents() throws IOException {
        Path target = dir.resolve("a/b/out.bin");
        AtomicFile.write(target, out -> out.write(new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of(target), listing(target.getParent()));
    }

    @Test
    void replacesExistingFile() throws IOException {
        Path target = dir.resolve("out.txt");
        AtomicFile.writeString(target, "old");
        AtomicFile.writeString(target, "new é");
        assertEquals("new é", Files.readString(target, StandardCharsets.UTF_8));
        assertEquals(List.of(target), listing(dir));
    }

    @Test
    void keepsTheDefaultPermissionsOfANewFile() throws IOException {
        // The expectation is whatever a plain new file gets here (0644 under the usual umask 022),
        // not the owner-only 0600 of Files.createTempFile.
        Path plain = Files.createFile(dir.resolve("plain"));
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
        Path target = dir.resolve("atomic");
        AtomicFile.writeString(target, "x");
        assertEquals(expected, Files.getPosixFilePermissions(target));
    }

    @Test
    void failedWriteLeavesTargetUntouchedAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("keep.txt");
        AtomicFile.writeString(target, "original");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk on fire");
        }));
        assertEquals("disk on fire", thrown.getMessage());
        assertEquals("original", Files.readString(target));
        assertEquals(List.of(target), listing(dir));
    }

    @Test
    void writesLargeContent() throws IOException {
        byte[] data = new byte[3_000_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        Path target = dir.resolve("big");
        AtomicFile.write(target, out -> {
            out.write(data, 0, 1000);
            out.write(data, 1000, data.length - 1000);
            out.close(); // closing early is harmless
        });
        assertArrayEquals(data, Files.readAllBytes(target));
    }

    private static List<Path> listing(Path directory) throws IOException {
        try (Stream<Path> s = Files.list(directory)) {
            return s.sorted().toList();
        }
    }
}

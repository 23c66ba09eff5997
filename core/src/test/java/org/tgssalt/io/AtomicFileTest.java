package org.tgssalt.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(target + ": cannot write: disk on fire", thrown.getMessage());
        assertEquals("original", Files.readString(target));
        assertEquals(List.of(target), listing(dir));
    }

    @Test
    void aFullDiskNamesTheTargetAndTheCause() throws IOException {
        // What Java reports when write(2) fails with ENOSPC: the reason, no file name.
        Path target = dir.resolve("submission.csv");
        AtomicFile.writeString(target, "id,rle_mask\nx,1 2\n");
        byte[] before = Files.readAllBytes(target);
        IOException thrown = assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write(new byte[100]);
            throw new IOException("No space left on device");
        }));
        assertEquals(target + ": cannot write: No space left on device", thrown.getMessage());
        assertArrayEquals(before, Files.readAllBytes(target));
        assertEquals(List.of(target), listing(dir), "no temporary file left");
    }

    @Test
    void aFailedTemporaryFileNamesTheTargetAndTheTemporaryFile() throws IOException {
        // The folder cannot be made: a file stands where it should be. Java names only the path it tried.
        Path blocker = Files.writeString(dir.resolve("blocker"), "x");
        Path target = blocker.resolve("out.csv");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFile.writeString(target, "y"));
        assertTrue(thrown.getMessage().startsWith(target + ": cannot write: "), thrown.getMessage());
        assertTrue(thrown.getMessage().contains(blocker.toString()), thrown.getMessage());
        assertEquals("x", Files.readString(blocker));
    }

    @Test
    void preparedFilesAreCompleteBeforeAnyIsReplaced() throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.json");
        AtomicFile.writeString(a, "old a");
        AtomicFile.writeString(b, "old b");
        try (AtomicFile.Pending pa = AtomicFile.prepare(a, out -> out.write("new a".getBytes(StandardCharsets.UTF_8)))) {
            assertThrows(IOException.class, () -> AtomicFile.prepare(b, out -> {
                throw new IOException("No space left on device");
            }));
            // b could not be written, so a is not committed: closing discards it.
            assertEquals("old a", Files.readString(a));
            assertEquals(3, listing(dir).size(), "a's temporary file waits beside the two targets");
        }
        assertEquals("old a", Files.readString(a));
        assertEquals("old b", Files.readString(b));
        assertEquals(List.of(a, b), listing(dir));

        try (AtomicFile.Pending pa = AtomicFile.prepare(a, out -> out.write("new a".getBytes(StandardCharsets.UTF_8)));
                AtomicFile.Pending pb = AtomicFile.prepare(b, out -> out.write("new b".getBytes(StandardCharsets.UTF_8)))) {
            pa.commit();
            pb.commit();
        }
        assertEquals("new a", Files.readString(a));
        assertEquals("new b", Files.readString(b));
        assertEquals(List.of(a, b), listing(dir));
    }

    @Test
    void removesTemporaryFilesOfKilledWritersButNotOfLiveOnes() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Process running = new ProcessBuilder("sleep", "60").start();
        try {
            // Made after both processes started, as a killed writer's file would have been.
            Path dead = Files.writeString(dir.resolve(".sub.csv." + finished.pid() + "-0123456789ab.tmp"), "half");
            Path live = Files.writeString(dir.resolve(".sub.csv." + running.pid() + "-0123456789ab.tmp"), "busy");
            Path mine = Files.writeString(dir.resolve(".x.png." + ProcessHandle.current().pid() + "-aaaaaaaaaaaa.tmp"),
                    "in use by another thread");
            Path foreign = Files.writeString(dir.resolve(".notes." + finished.pid() + ".tmp"), "not ours");
            Path folder = Files.createDirectory(dir.resolve(".dir.csv." + finished.pid() + "-0123456789ab.tmp"));

            AtomicFile.writeString(dir.resolve("report.json"), "{}");

            assertTrue(Files.notExists(dead), "a dead writer's temporary file is removed");
            assertEquals(List.of(foreign, folder, live, mine, dir.resolve("report.json")).stream().sorted().toList(),
                    listing(dir));
            // Once per folder and process: a second leftover appearing later waits for the next process.
            Path later = Files.writeString(dir.resolve(".b." + finished.pid() + "-0123456789ab.tmp"), "later");
            AtomicFile.writeString(dir.resolve("report.json"), "{}");
            assertTrue(Files.exists(later));
        } finally {
            running.destroy();
        }
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

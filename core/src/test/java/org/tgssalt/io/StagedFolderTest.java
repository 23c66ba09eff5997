package org.tgssalt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.testing.FolderSnapshot;

class StagedFolderTest {
    @TempDir
    Path dir;
    private Path target;
    private final List<String> notes = new ArrayList<>();

    @BeforeEach
    void earlierSet() throws IOException {
        target = Files.createDirectories(dir.resolve("overlays"));
        Files.writeString(target.resolve("a.png"), "earlier a");
        Files.writeString(target.resolve("b.png"), "earlier b");
    }

    @Test
    void commitReplacesTheSetAndKeepsFilesTheRunDidNotWrite() throws IOException {
        try (StagedFolder staged = StagedFolder.open(target, notes::add)) {
            AtomicFile.writeString(staged.path().resolve("a.png"), "new a");
            AtomicFile.writeString(staged.path().resolve("c.png"), "new c");
            // Until the commit the earlier set is intact, also the file the staging folder links to.
            assertEquals(Map.of("a.png", "earlier a", "b.png", "earlier b"), FolderSnapshot.texts(target));
            staged.commit();
        }
        assertEquals(Map.of("a.png", "new a", "b.png", "earlier b", "c.png", "new c"), FolderSnapshot.texts(target));
        assertEquals(List.of(target), listing(dir), "no staging or previous folder left");
        assertEquals(List.of(), notes);
    }

    @Test
    void aRunThatFailsLeavesTheEarlierSetByteForByte() throws IOException {
        Map<String, byte[]> before = FolderSnapshot.bytes(target);
        try (StagedFolder staged = StagedFolder.open(target, notes::add)) {
            AtomicFile.writeString(staged.path().resolve("a.png"), "half a run");
            // ... and then the run fails: no commit.
        }
        FolderSnapshot.assertSame(before, FolderSnapshot.bytes(target));
        assertEquals(List.of(target), listing(dir));
    }

    @Test
    void aNewTargetIsCreatedWithItsParents() throws IOException {
        Path fresh = dir.resolve("out/new/overlays");
        try (StagedFolder staged = StagedFolder.open(fresh, notes::add)) {
            AtomicFile.writeString(staged.path().resolve("x.png"), "x");
            staged.commit();
        }
        assertEquals(Map.of("x.png", "x"), FolderSnapshot.texts(fresh));
        assertEquals(List.of(fresh), listing(fresh.getParent()));
    }

    @Test
    void aLinkedTargetStaysALinkToTheNewSet() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("linked"), target);
        try (StagedFolder staged = StagedFolder.open(link, notes::add)) {
            AtomicFile.writeString(staged.path().resolve("a.png"), "new a");
            staged.commit();
        }
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new a", Files.readString(link.resolve("a.png")));
        assertEquals("new a", Files.readString(target.resolve("a.png")));
    }

    @Test
    void refusesAFileASubfolderAndAFolderAnotherRunIsWriting() throws IOException {
        Path file = Files.writeString(dir.resolve("file.png"), "x");
        assertEquals(file + ": not a folder (the output folder must be a folder or not exist yet)",
                assertThrows(InputException.class, () -> StagedFolder.check(file)).getMessage());

        Files.createDirectories(target.resolve("keep"));
        assertEquals(target + ": holds keep, which is not a file; the output folder is replaced as one set of files, "
                + "so move it elsewhere", assertThrows(InputException.class, () -> StagedFolder.check(target)).getMessage());
        Files.delete(target.resolve("keep"));

        // Process 1 runs for as long as the machine does, and started before this folder was made.
        Path live = Files.createDirectory(dir.resolve(".overlays.staging-1"));
        Map<String, byte[]> before = FolderSnapshot.bytes(target);
        assertEquals(target + ": another run (process 1) is writing this folder (its staging folder " + live
                + "); wait for it to finish, or delete " + live + " if no such run exists",
                assertThrows(InputException.class, () -> StagedFolder.open(target, notes::add)).getMessage());
        assertTrue(Files.isDirectory(live), "a live run's folder is not touched");
        FolderSnapshot.assertSame(before, FolderSnapshot.bytes(target));
    }

    @Test
    void theNextRunRemovesTheStagingFolderOfAKilledRun() throws Exception {
        long dead = deadPid();
        Path leftover = Files.createDirectory(dir.resolve(".overlays.staging-" + dead));
        Files.writeString(leftover.resolve("a.png"), "half a killed run");
        Map<String, byte[]> before = FolderSnapshot.bytes(target);
        try (StagedFolder staged = StagedFolder.open(target, notes::add)) {
            assertFalse(Files.exists(leftover));
            FolderSnapshot.assertSame(before, FolderSnapshot.bytes(target));
        }
        assertEquals(List.of("removed " + leftover + ", the unfinished new set of an interrupted run (process " + dead
                + "); " + target + " is as that run found it"), notes);
    }

    @Test
    void theNextRunPutsBackASetCaughtBetweenTheTwoRenames() throws Exception {
        long dead = deadPid();
        Map<String, byte[]> before = FolderSnapshot.bytes(target);
        // Killed after "overlays -> .overlays.previous-PID" and before ".overlays.staging-PID -> overlays".
        Path previous = dir.resolve(".overlays.previous-" + dead);
        Files.move(target, previous);
        Path staging = Files.createDirectory(dir.resolve(".overlays.staging-" + dead));
        Files.writeString(staging.resolve("a.png"), "new a of the killed run");
        try (StagedFolder staged = StagedFolder.open(target, notes::add)) {
            FolderSnapshot.assertSame(before, FolderSnapshot.bytes(target));
        }
        FolderSnapshot.assertSame(before, FolderSnapshot.bytes(target));
        assertEquals(List.of(target), listing(dir));
        assertEquals(List.of("restored " + target + " from " + previous + ": a run (process " + dead
                + ") was stopped in the middle of replacing it",
                "removed " + staging + ", the unfinished new set of an interrupted run (process " + dead + "); " + target
                        + " is as that run found it"), notes);
    }

    @Test
    void theNextRunDeletesAnEarlierSetAlreadyReplaced() throws Exception {
        long dead = deadPid();
        Path previous = Files.createDirectory(dir.resolve(".overlays.previous-" + dead));
        Files.writeString(previous.resolve("a.png"), "the set before the killed run");
        Map<String, byte[]> before = FolderSnapshot.bytes(target);
        try (StagedFolder staged = StagedFolder.open(target, notes::add)) {
            FolderSnapshot.assertSame(before, FolderSnapshot.bytes(target));
        }
        assertFalse(Files.exists(previous));
        assertEquals(List.of("removed " + previous + ", the earlier set that an interrupted run (process " + dead
                + ") had already replaced with its complete new set"), notes);
    }

    /** The id of a process that has ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long pid = p.pid();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " was reused");
        return pid;
    }

    private static List<Path> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }
}

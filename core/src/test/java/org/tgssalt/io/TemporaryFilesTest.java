package org.tgssalt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry the shutdown hook cleans, on instances of its own (the process's one must keep running). */
class TemporaryFilesTest {
    @TempDir
    Path dir;

    @Test
    void stopRemovesRegisteredFilesAndFoldersWithTheirContents() throws IOException {
        TemporaryFiles registry = new TemporaryFiles();
        TemporaryFiles.Registration file = registry.newFile(dir.resolve("sub/.a.tmp"));
        TemporaryFiles.Registration folder = registry.newFolder(dir.resolve(".staging"));
        Files.writeString(folder.path().resolve("x.png"), "x");
        Files.createDirectories(folder.path().resolve("deeper"));
        Files.writeString(folder.path().resolve("deeper/y.png"), "y");
        Path kept = Files.writeString(dir.resolve("kept.csv"), "finished output");
        TemporaryFiles.Registration moved = registry.newFile(dir.resolve(".moved.tmp"));
        Files.move(moved.path(), dir.resolve("moved.csv"));
        moved.close(); // moved into place: no longer temporary

        List<Path> removed = registry.stop();

        assertEquals(List.of(folder.path(), file.path()), removed, "newest first");
        assertEquals(List.of(kept, dir.resolve("moved.csv"), dir.resolve("sub")), listing(dir));
        assertEquals(List.of(), listing(dir.resolve("sub")));
        assertTrue(registry.stopping());
    }

    @Test
    void afterStopNothingNewIsCreatedAndNothingCommitted() throws IOException {
        TemporaryFiles registry = new TemporaryFiles();
        registry.stop();
        TemporaryFiles.StoppingException e = assertThrows(TemporaryFiles.StoppingException.class,
                () -> registry.newFile(dir.resolve("late/.x.tmp")));
        assertEquals("the process is shutting down: not creating " + dir.resolve("late/.x.tmp"), e.getMessage());
        assertThrows(TemporaryFiles.StoppingException.class, () -> registry.newFolder(dir.resolve(".late")));
        boolean[] ran = {false};
        assertThrows(TemporaryFiles.StoppingException.class, () -> registry.commit(() -> ran[0] = true));
        assertFalse(ran[0], "a commit after the stop must not run");
        assertThrows(TemporaryFiles.StoppingException.class, () -> registry.requireRunning("scoring"));
        assertEquals(List.of(), listing(dir), "not even the parent folder is made");
    }

    @Test
    void aStopWaitsForACommitInProgress() throws Exception {
        TemporaryFiles registry = new TemporaryFiles();
        TemporaryFiles.Registration staging = registry.newFolder(dir.resolve(".staging"));
        Path target = dir.resolve("overlays");
        Thread[] stopper = new Thread[1];
        registry.commit(() -> {
            stopper[0] = new Thread(registry::stop);
            stopper[0].start();
            // Wait until the stop is blocked on the commit's lock: it cannot get in while the commit runs.
            while (stopper[0].getState() != Thread.State.BLOCKED) {
                Thread.onSpinWait();
            }
            assertFalse(registry.stopping(), "stop() ran inside the commit");
            Files.move(staging.path(), target);
            staging.close();
        });
        stopper[0].join();
        assertTrue(registry.stopping());
        assertTrue(Files.isDirectory(target), "the committed folder stays");
    }

    private static List<Path> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }
}

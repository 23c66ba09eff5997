package org.tgssalt.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.testing.LauncherRun;

/** export's command line: the parity tolerance is a Commons CLI number checked before any work starts. */
class ExportCommandTest {
    @TempDir
    Path dir;

    private LauncherRun export(String tolerance) {
        return LauncherRun.of(List.of(new ExportCommand()), "export", "--checkpoints", dir.resolve("run").toString(),
                "--out", dir.resolve("models").toString(), "--parity-tolerance", tolerance);
    }

    @Test
    void parityToleranceOutsideZeroToOneIsAUsageError() {
        for (String bad : List.of("0", "1", "2", "-1e-4", "tight")) {
            LauncherRun run = export(bad);
            assertEquals(ExitCode.USAGE, run.code(), run.err());
            assertTrue(run.err().startsWith("tgs export: --parity-tolerance must be a number in (0, 1), got '" + bad
                    + "'\n"), run.err());
        }
    }

    @Test
    void helpListsTheParityTolerance() {
        LauncherRun help = LauncherRun.of(List.of(new ExportCommand()), "export", "--help");
        assertEquals(ExitCode.OK, help.code());
        assertTrue(help.out().contains("--parity-tolerance <T>"), help.out());
    }
}

package org.tgssalt.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.testing.LauncherRun;

/** export's int8 options: checked before any work starts, and meaningless without --int8. */
class ExportCommandInt8Test {
    @TempDir
    Path dir;

    private LauncherRun export(String... extra) {
        List<String> args = new ArrayList<>(List.of("export", "--checkpoints", dir.resolve("run").toString(),
                "--out", dir.resolve("models").toString()));
        args.addAll(List.of(extra));
        return LauncherRun.of(List.of(new ExportCommand()), args.toArray(String[]::new));
    }

    private static void usage(LauncherRun run, String message) {
        assertEquals(ExitCode.USAGE, run.code(), run.err());
        assertTrue(run.err().startsWith("tgs export: " + message + "\n"), run.err());
    }

    @Test
    void int8OptionsNeedInt8() {
        usage(export("--calibration-images", "50"), "--calibration-images needs --int8");
        usage(export("--int8-weights", "7bit"), "--int8-weights needs --int8");
    }

    @Test
    void badInt8ValuesAreUsageErrors() {
        usage(export("--int8", "--calibration-method", "entropy"),
                "--calibration-method: calibration method must be minmax or percentile, got 'entropy'");
        usage(export("--int8", "--int8-weights", "4bit"), "--int8-weights must be 8bit or 7bit, got '4bit'");
        usage(export("--int8", "--int8-tolerance", "2"), "--int8-tolerance must be a number in (0, 1), got '2'");
    }
}

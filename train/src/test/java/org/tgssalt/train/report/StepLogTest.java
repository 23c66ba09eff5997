package org.tgssalt.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;

/** steps.csv of a continued run: the completed epochs' rows stay, the stopped epoch's go, new rows follow. */
class StepLogTest {
    private static StepRecord row(int epoch, int step) {
        return new StepRecord(epoch, step, 4, 1.5 - 0.1 * step, 0.5, 0.25, 0.75, Double.NaN, 3.25, 1e-3, true);
    }

    @Test
    void continuingKeepsTheCompletedRowsAndAppendsAfterThem(@TempDir Path dir) throws Exception {
        try (StepLog log = StepLog.create(dir)) {
            log.add(row(1, 1));
            log.add(row(1, 2));
            log.add(row(2, 1));
        }
        // a kill in the middle of a line
        Files.writeString(dir.resolve(StepLog.FILE_NAME), "2,2,4,1.3", java.nio.file.StandardOpenOption.APPEND);
        List<String> before = Files.readAllLines(dir.resolve(StepLog.FILE_NAME));
        assertEquals(5, before.size());

        try (StepLog log = StepLog.continueAfter(dir, 2)) {
            assertEquals(List.of(row(1, 1), row(1, 2)), log.kept());
            log.add(row(2, 1));
        }
        List<String> after = Files.readAllLines(dir.resolve(StepLog.FILE_NAME));
        assertEquals(List.of(before.get(0), before.get(1), before.get(2), before.get(3)), after);
        assertEquals("epoch,step,samples,loss,crossEntropy,lovasz,auxiliary,topology,gradientNorm,learningRate,applied",
                after.get(0));
    }

    @Test
    void fewerRowsThanTheSnapshotCountsAreRefused(@TempDir Path dir) throws Exception {
        try (StepLog log = StepLog.create(dir)) {
            log.add(row(1, 1));
        }
        Path file = dir.resolve(StepLog.FILE_NAME);
        InputException e = assertThrows(InputException.class, () -> StepLog.continueAfter(dir, 2));
        assertEquals(file + ": holds 1 step rows, the run's snapshot counts 2 (was the file changed after the run"
                + " stopped?)", e.getMessage());
        Files.writeString(file, "epoch,step\nnot,a,row\n");
        InputException bad = assertThrows(InputException.class, () -> StepLog.continueAfter(dir, 1));
        assertTrue(bad.getMessage().startsWith(file + " line 2: not a step row"), bad.getMessage());
        Files.delete(file);
        InputException missing = assertThrows(InputException.class, () -> StepLog.continueAfter(dir, 1));
        assertTrue(missing.getMessage().startsWith(file + ": missing"), missing.getMessage());
    }
}

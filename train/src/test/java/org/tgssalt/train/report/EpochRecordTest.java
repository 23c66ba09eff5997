package org.tgssalt.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The epoch record's builder and the {@code history.csv} it ends up in. */
class EpochRecordTest {
    private static EpochRecord.Builder epochOne() {
        return EpochRecord.builder().epoch(1).learningRate(1e-3).loss(1.5).crossEntropy(0.5).lovasz(0.75)
                .auxiliary(0.25).validationMap(0.625).trainSeconds(4).imagesPerSecond(50);
    }

    @Test
    void builderMakesTheRecordTheConstructorMakes() {
        assertEquals(new EpochRecord(1, 1e-3, 1.5, 0.5, 0.75, 0.25, Double.NaN, 0.625, 4, 50, 0), epochOne().build());
        assertEquals(new EpochRecord(1, 1e-3, 1.5, 0.5, 0.75, 0.25, 0.125, 0.625, 4, 50, 3),
                epochOne().topology(0.125).skippedSteps(3).build());
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> EpochRecord.builder().epoch(2).learningRate(1e-3).build());
        assertEquals("EpochRecord.loss is not set", e.getMessage());
    }

    @Test
    void historyColumnsAreUnchangedAndRoundTrip(@TempDir Path dir) throws Exception {
        TrainingHistory history = new TrainingHistory();
        history.add(epochOne().build());
        history.add(epochOne().epoch(2).topology(0.125).skippedSteps(1).build());
        history.write(dir);
        List<String> lines = Files.readAllLines(dir.resolve(TrainingHistory.FILE_NAME));
        assertEquals("epoch,learningRate,loss,crossEntropy,lovasz,auxiliary,topology,validationMap,trainSeconds,"
                + "imagesPerSecond,skippedSteps", lines.get(0));
        assertEquals(3, lines.size());
        assertEquals(history.epochs(), TrainingHistory.read(dir.resolve(TrainingHistory.FILE_NAME)).epochs());
    }
}

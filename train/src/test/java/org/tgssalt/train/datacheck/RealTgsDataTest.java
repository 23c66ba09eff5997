package org.tgssalt.train.datacheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tgssalt.dataset.TgsDataset;

/** Checks the real Kaggle files when they are present at {@code ${tgs.shared.dir}/tgs}. */
class RealTgsDataTest {
    @Test
    void everyMaskEqualsItsRleAndEveryImageIs101x101() {
        Path real = Path.of(System.getProperty("tgs.shared.dir", "../shared")).resolve("tgs");
        Assumptions.assumeTrue(Files.isDirectory(real.resolve("train")),
                "real TGS data absent at " + real.toAbsolutePath() + "; skipping the real-data check");
        ConsistencyReport report = DatasetCheck.of(TgsDataset.at(real)).run();
        // run() reads every train/test image with the 101x101 reader and compares every mask PNG with train.csv.
        assertEquals(List.of(), report.problems().stream().limit(20).toList(), report.summary());
        assertTrue(report.trainImages() > 0);
        assertEquals(report.trainImages(), report.csvRows());
    }
}

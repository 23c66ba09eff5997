package org.tgssalt.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.testing.TestGraphs;

class DeviceFallbackTest {
    @TempDir
    Path dir;

    @Test
    void autoLogsOneLinePerEnsembleWhenCudaIsMissing() throws Exception {
        Path json = TestGraphs.writeRampEnsemble(dir, new float[][] {{1f, 1f}, {2f, 1f}, {3f, 1f}}, false);
        Logger logger = Logger.getLogger(GraphLoader.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(capture);
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, EnsembleOptions.builder().build())) {
            Assumptions.assumeTrue(ensemble.device().equals("cpu"), "CUDA works here: nothing falls back");
            assertEquals(1, records.size(), "one line for three folds");
            String line = records.get(0).getMessage();
            assertTrue(line.startsWith("device auto: CUDA unavailable (") && line.endsWith("); running on the CPU"),
                    line);
            assertTrue(line.contains(ensemble.cudaFailure()), line);
        } finally {
            logger.removeHandler(capture);
        }
    }
}

package org.tgssalt.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.train.model.BatchNormInit;
import org.tgssalt.train.model.SaltNetConfig;

/**
 * {@code checkpoint.json} through the builders: the same records as the canonical constructors, the same
 * field names on disk, and files written before {@code batchNormInit} existed still load.
 */
class CheckpointFormatTest {
    private static final SaltNetConfig CONFIG = new SaltNetConfig(0.5, true, false, true, 2);
    private static final LibraryVersions LIBRARIES = new LibraryVersions("0.36.0", "2.7.1", "17.0.15", "Linux");

    private static TrainingSettings.Builder settings() {
        return TrainingSettings.builder().epochs(8).batchSize(16).learningRate(1e-3).guidedUpsamplingRateFactor(0.1)
                .weightDecay(1e-4).schedule("cosine").cycles(2).seed(7).splitSeed(1234).augment(true).device("cpu()")
                .batchNormInit(BatchNormInit.ONES);
    }

    private static CheckpointInfo.Builder info() {
        return CheckpointInfo.builder().fold(3).folds(10).architecture(CONFIG).training(settings().build())
                .bestEpoch(5).bestScore(0.71).epochsTrained(6).trainingSamples(90).validationSamples(10)
                .dataHash("ab".repeat(32)).topology(TopologyState.off("no --vgg19 weights given")).libraries(LIBRARIES);
    }

    @Test
    void buildersMakeTheRecordsTheConstructorsMake() {
        TrainingSettings positional = new TrainingSettings(8, 16, 1e-3, 0.1, 1e-4, "cosine", 2, 7, 1234, true, 0,
                "cpu()", null, BatchNormInit.ONES);
        assertEquals(positional, settings().build());
        assertEquals(new TrainingSettings(8, 16, 1e-3, 0.1, 1e-4, "cosine", 2, 7, 1234, true, 50, "cpu()", "run/s1",
                BatchNormInit.ONES), settings().limit(50).resumedFrom("run/s1").build());
        assertEquals(new CheckpointInfo(CheckpointInfo.SCHEMA_VERSION, 3, 10, CONFIG, positional, 5, 0.71, 6, 90, 10,
                "ab".repeat(32), TopologyState.off("no --vgg19 weights given"), LIBRARIES), info().build());
    }

    @Test
    void anUnsetFieldIsNamed() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> TrainingSettings.builder().epochs(1).build());
        assertEquals("TrainingSettings.batchSize is not set", e.getMessage());
        NullPointerException info = assertThrows(NullPointerException.class,
                () -> CheckpointInfo.builder().fold(1).folds(2).build());
        assertEquals("CheckpointInfo.architecture is not set", info.getMessage());
        IllegalArgumentException fold = assertThrows(IllegalArgumentException.class, () -> info().fold(11).build());
        assertEquals("fold must be in 1..10, got 11", fold.getMessage());
    }

    @Test
    void fieldNamesOnDiskAreUnchanged(@TempDir Path dir) throws Exception {
        Checkpoints.writeInfo(dir, info().build());
        JsonNode json = new ObjectMapper().readTree(dir.resolve(Checkpoints.INFO_FILE).toFile());
        assertEquals(List.of("schemaVersion", "fold", "folds", "architecture", "training", "bestEpoch", "bestScore",
                "epochsTrained", "trainingSamples", "validationSamples", "dataHash", "topology", "libraries"),
                names(json));
        assertEquals(List.of("epochs", "batchSize", "learningRate", "guidedUpsamplingRateFactor", "weightDecay",
                "schedule", "cycles", "seed", "splitSeed", "augment", "limit", "device", "resumedFrom",
                "batchNormInit"), names(json.get("training")));
        assertEquals("ones", json.get("training").get("batchNormInit").asText());
    }

    @Test
    void aFileFromBeforeTheBatchNormChoiceStillLoads(@TempDir Path dir) throws Exception {
        // checkpoint.json as train wrote it before --bn-init existed (those runs started at ones), with a field
        // this version no longer knows
        Files.writeString(dir.resolve(Checkpoints.INFO_FILE), """
                {
                  "schemaVersion" : 1,
                  "fold" : 2,
                  "folds" : 10,
                  "architecture" : { "widthFactor" : 0.5, "useScse" : true, "useGum" : true, "useAuxiliary" : true,
                                     "classes" : 2 },
                  "training" : { "epochs" : 15, "batchSize" : 16, "learningRate" : 0.001,
                                 "guidedUpsamplingRateFactor" : 0.1, "weightDecay" : 1.0E-4, "schedule" : "cosine",
                                 "cycles" : 1, "seed" : 0, "splitSeed" : 1234, "augment" : true, "limit" : 0,
                                 "device" : "cpu()", "resumedFrom" : null },
                  "bestEpoch" : 14,
                  "bestScore" : 0.6125,
                  "epochsTrained" : 15,
                  "trainingSamples" : 180,
                  "validationSamples" : 20,
                  "dataHash" : "0f",
                  "topology" : { "enabled" : false, "reason" : "no --vgg19 weights given" },
                  "libraries" : { "djl" : "0.36.0", "pytorch" : "2.7.1", "java" : "17.0.15", "os" : "Linux" },
                  "gitCommit" : "a94e3d2"
                }
                """);
        CheckpointInfo info = Checkpoints.readInfo(dir);
        assertNull(info.training().batchNormInit(), "null: started at ones, before the choice existed");
        assertEquals(new TrainingSettings(15, 16, 0.001, 0.1, 1e-4, "cosine", 1, 0, 1234, true, 0, "cpu()", null,
                null), info.training());
        assertEquals(new CheckpointInfo(1, 2, 10, new SaltNetConfig(0.5, true, true, true, 2, 1), info.training(), 14,
                0.6125, 15, 180, 20, "0f", TopologyState.off("no --vgg19 weights given"),
                new LibraryVersions("0.36.0", "2.7.1", "17.0.15", "Linux")), info);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

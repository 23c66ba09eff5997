package org.tgssalt.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tgssalt.train.model.BatchNormInit;
import org.tgssalt.train.model.SaltNetConfig;

/** Which settings a continued run must share with the stopped one, and how a difference is told. */
class RunIdentityTest {
    private static final SaltNetConfig NET = new SaltNetConfig(2.0, true, true, true, 2);
    private static final DataIdentity DATA = DataIdentity.of(List.of("b", "a", "c"), List.of("d"));

    private static TrainingSettings settings(int batch, double lr, String device, String resumedFrom) {
        return new TrainingSettings(200, batch, lr, 0.1, 1e-4, "cosine", 8, 0, 1234, true, 0, device, resumedFrom,
                BatchNormInit.UNIFORM);
    }

    private static RunIdentity identity(SaltNetConfig net, TrainingSettings training, TopologyState topology,
                                        DataIdentity data) {
        return new RunIdentity(3, 10, net, training, topology, data);
    }

    private static final TopologyState OFF = TopologyState.off("no --vgg19 weights given");

    @Test
    void theSameRunOnAnotherDeviceHasNoDifferences() {
        RunIdentity run = identity(NET, settings(40, 1e-3, "gpu(0)", "out/s1"), OFF, DATA);
        // continuing on the CPU, without repeating --resume: both are not part of the identity
        RunIdentity now = identity(NET, settings(40, 1e-3, "cpu()", null), OFF, DATA);
        assertEquals(List.of(), now.differencesFrom(run));
    }

    @Test
    void everyDifferingSettingIsNamedWithBothValues() {
        RunIdentity run = identity(NET, settings(40, 1e-3, "cpu()", "out/s1"), OFF, DATA);
        RunIdentity now = identity(new SaltNetConfig(2.0, true, false, true, 2), settings(16, 2e-3, "cpu()", "out/s2"),
                TopologyState.on("vgg19.npz"), DATA);
        assertEquals(List.of(
                        "--batch 40 (run) vs 16 (now)",
                        "--lr 0.001 (run) vs 0.002 (now)",
                        "--vgg19 (topology loss) no --vgg19 weights given (run) vs VGG19 weights from vgg19.npz (now)",
                        "--resume out/s1 (run) vs out/s2 (now)",
                        "guided upsampling (--no-gum) on (run) vs off (now)"),
                now.differencesFrom(run).stream().map(Object::toString).toList());
    }

    @Test
    void otherImagesAreADifferenceEvenWithTheSameCounts() {
        RunIdentity run = identity(NET, settings(40, 1e-3, "cpu()", null), OFF, DATA);
        DataIdentity other = DataIdentity.of(List.of("a", "b", "x"), List.of("d"));
        List<RunIdentity.Difference> d = identity(NET, settings(40, 1e-3, "cpu()", null), OFF, other)
                .differencesFrom(run);
        assertEquals(1, d.size());
        assertEquals("training images (--data)", d.get(0).setting());
        assertEquals("3 ids (SHA-256 " + DATA.trainingHash().substring(0, 12) + "...)", d.get(0).recorded());
        // order does not matter: the hash is of the sorted ids, one per line, as checkpoint.json's dataHash
        assertEquals(DATA.trainingHash(), DataIdentity.hash(List.of("c", "a", "b")));
        assertEquals(org.tgssalt.io.Sha256.of("a\nb\nc\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                DATA.trainingHash());
    }

    @Test
    void validationIdsAreComparedOnlyWhenRecorded() {
        DataIdentity otherValidation = DataIdentity.of(List.of("a", "b", "c"), List.of("e"));
        RunIdentity now = identity(NET, settings(40, 1e-3, "cpu()", null), OFF, otherValidation);
        RunIdentity snapshot = identity(NET, settings(40, 1e-3, "cpu()", null), OFF, DATA);
        assertTrue(now.differencesFrom(snapshot).get(0).toString().startsWith("validation images (--data) 1 ids"));
        RunIdentity finished = identity(NET, settings(40, 1e-3, "cpu()", null), OFF,
                new DataIdentity(3, DATA.trainingHash(), 1, null));
        assertEquals(List.of(), now.differencesFrom(finished));
    }
}

package org.tgssalt.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.train.model.BatchNormInit;
import org.tgssalt.train.model.SaltNet;
import org.tgssalt.train.model.SaltNetConfig;
import org.tgssalt.train.testing.NDManagerExtension;

@ExtendWith(NDManagerExtension.class)
class CheckpointsTest {
    private static final Shape INPUT = new Shape(2, 1, 129, 129);

    static CheckpointInfo info(SaltNetConfig config) {
        TrainingSettings settings = TrainingSettings.builder().epochs(3).batchSize(40).learningRate(1e-3)
                .guidedUpsamplingRateFactor(0.1).weightDecay(1e-4).schedule("step").cycles(1).seed(7).splitSeed(1234)
                .augment(true).device("cpu()").batchNormInit(BatchNormInit.UNIFORM).build();
        return CheckpointInfo.builder().fold(2).folds(10).architecture(config).training(settings).bestEpoch(3)
                .bestScore(0.75).epochsTrained(3).trainingSamples(90).validationSamples(10).dataHash("abc")
                .topology(TopologyState.off("no --vgg19 weights given")).libraries(LibraryVersions.current()).build();
    }

    private static SaltNet network(SaltNetConfig config, NDManager manager) {
        SaltNet net = new SaltNet(config);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 129, 129));
        return net;
    }

    private static float[] evaluate(SaltNet net, NDManager manager, NDArray x) {
        return net.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow().toFloatArray();
    }

    @Test
    void saveAndLoadGiveTheSameOutputsAndMetadata(@TempDir Path dir, NDManager manager, NDManager other) throws Exception {
        SaltNetConfig config = new SaltNetConfig(0.25, true, true, true, 2);
        SaltNet net = network(config, manager);
        NDArray x = manager.randomNormal(INPUT);
        // one training forward moves the batch-norm statistics away from their initial values,
        // so the round trip must carry them too
        net.forward(new ParameterStore(manager, false), new NDList(x), true);
        float[] expected = evaluate(net, manager, x);
        CheckpointInfo info = info(config);
        Checkpoints.save(dir, net, info);

        LoadedCheckpoint loaded = Checkpoints.load(dir, other);
        assertEquals(info, loaded.info());
        assertArrayEquals(expected, evaluate(loaded.net(), other, x.toDevice(other.getDevice(), true)));
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir.resolve(Checkpoints.PARAMETERS_FILE));
        assertTrue(permissions.contains(PosixFilePermission.OTHERS_READ), "params readable by others: " + permissions);
    }

    @Test
    void missingOrBrokenMetadataNamesTheFile(@TempDir Path dir, NDManager manager) throws Exception {
        InputException missing = assertThrows(InputException.class, () -> Checkpoints.load(dir, manager));
        assertTrue(missing.getMessage().startsWith(dir.resolve("checkpoint.json") + ": missing"), missing.getMessage());
        Files.writeString(dir.resolve("checkpoint.json"), "{\"fold\": ");
        InputException broken = assertThrows(InputException.class, () -> Checkpoints.load(dir, manager));
        assertTrue(broken.getMessage().contains("not valid checkpoint metadata"), broken.getMessage());
    }

    @Test
    void parametersOfAnotherArchitectureAreRejected(@TempDir Path dir, NDManager manager) throws Exception {
        Checkpoints.save(dir, network(new SaltNetConfig(0.25, false, false, true, 2), manager),
                info(new SaltNetConfig(0.25, true, true, true, 2)));
        InputException e = assertThrows(InputException.class, () -> Checkpoints.load(dir, manager));
        assertTrue(e.getMessage().startsWith(dir.resolve("saltnet.params") + ": does not fit"), e.getMessage());
    }

    /** Growing the network: a checkpoint without GUM loaded into one with GUM keeps every old parameter. */
    @Test
    void transferIntoALargerNetworkCopiesMatchingAndKeepsNewOnesFresh(@TempDir Path dir, NDManager manager) throws Exception {
        SaltNetConfig small = new SaltNetConfig(0.25, true, false, true, 2);
        SaltNetConfig large = new SaltNetConfig(0.25, true, true, true, 2);
        SaltNet source = network(small, manager);
        Checkpoints.save(dir, source, info(small));
        SaltNet target = network(large, manager);
        Map<String, float[]> before = new HashMap<>();
        for (Pair<String, Parameter> p : target.getParameters()) {
            before.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }

        ParameterTransfer.Report report = ParameterTransfer.fromCheckpoint(dir, target, manager);

        assertEquals(source.getParameters().size(), report.copied().size());
        assertTrue(report.unused().isEmpty() && report.shapeMismatch().isEmpty());
        assertFalse(report.initialised().isEmpty());
        assertTrue(report.initialised().stream().allMatch(n -> n.contains("gum")), report.initialised().toString());
        assertEquals(target.guidedUpsamplingParameters().size(), report.initialised().size());
        Map<String, Parameter> sourceParams = new HashMap<>();
        source.getParameters().forEach(p -> sourceParams.put(p.getKey(), p.getValue()));
        for (Pair<String, Parameter> p : target.getParameters()) {
            float[] now = p.getValue().getArray().toFloatArray();
            if (report.copied().contains(p.getKey())) {
                assertArrayEquals(sourceParams.get(p.getKey()).getArray().toFloatArray(), now, p.getKey());
            } else {
                assertArrayEquals(before.get(p.getKey()), now, p.getKey() + " should keep its fresh values");
            }
        }
        assertTrue(report.summary().startsWith("copied " + report.copied().size()));
        // the grown network still runs and trains: its copied parameters keep their gradient buffers
        NDArray x = manager.randomNormal(INPUT);
        assertEquals(new Shape(2, 1, 129, 129), target.forward(new ParameterStore(manager, false),
                new NDList(x), false).singletonOrThrow().getShape());
        assertTrue(target.getParameters().get(0).getValue().getArray().hasGradient());
    }

    @Test
    void transferBetweenEqualArchitecturesIsExact(NDManager manager) {
        SaltNetConfig config = new SaltNetConfig(0.25, false, false, true, 2);
        ParameterTransfer.Report report = ParameterTransfer.transfer(network(config, manager), network(config, manager));
        assertTrue(report.exact(), report.summary());
    }
}

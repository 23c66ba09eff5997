package org.tgssalt.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.train.checkpoint.Checkpoints;
import org.tgssalt.train.data.HostBatch;
import org.tgssalt.train.model.SaltNet;
import org.tgssalt.train.model.SaltNetConfig;
import org.tgssalt.train.testing.NDManagerExtension;

/**
 * After training, a fold goes back to its best epoch's parameters ({@link Checkpoints#loadParameters}) and
 * writes its out-of-fold probabilities through the validator it validated every epoch with. Loading gives the
 * parameters new arrays; the validator must predict with them, as a validator made after the load does.
 */
@ExtendWith(NDManagerExtension.class)
class ValidatorCheckpointReloadTest {
    @TempDir
    Path dir;

    @Test
    void predictsWithParametersLoadedAfterItsFirstUse(NDManager manager) throws IOException {
        Shape input = new Shape(1, 1, 129, 129);
        Engine.getInstance().setRandomSeed(3);
        SaltNet other = new SaltNet(SaltNetConfig.full(0.25));
        other.initialize(manager, DataType.FLOAT32, input);
        Path saved = dir.resolve("other.params");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(saved))) {
            other.saveParameters(out);
        }
        Engine.getInstance().setRandomSeed(4);
        SaltNet net = new SaltNet(SaltNetConfig.full(0.25));
        net.initialize(manager, DataType.FLOAT32, input);

        float[] images = new float[2 * 129 * 129];
        Random random = new Random(5);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextGaussian();
        }
        HostBatch batch = new HostBatch(List.of("a", "b"), 129, images, new float[images.length]);
        Validator validator = new Validator(net, manager);
        float[] before = validator.probabilities(batch);

        Checkpoints.loadParameterFile(saved, net, manager);
        float[] after = validator.probabilities(batch);

        float[] expected = new Validator(other, manager).probabilities(batch);
        assertArrayEquals(expected, after, 1e-6f, "the loaded parameters predict");
        double largest = 0;
        for (int i = 0; i < before.length; i++) {
            largest = Math.max(largest, Math.abs(before[i] - after[i]));
        }
        assertTrue(largest > 1e-3, "the two networks differ (test setup): " + largest);
    }
}

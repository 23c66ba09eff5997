package org.tgssalt.train;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tgssalt.train.data.HostBatch;
import org.tgssalt.train.data.SampleEncoder;
import org.tgssalt.train.data.TrainingSample;
import org.tgssalt.train.loss.LossWeights;
import org.tgssalt.train.loss.SaltLoss;
import org.tgssalt.train.loss.TopologyLoss;
import org.tgssalt.train.loss.Vgg19Features;
import org.tgssalt.train.model.SaltNet;
import org.tgssalt.train.model.SaltNetConfig;
import org.tgssalt.train.schedule.StepSchedule;
import org.tgssalt.train.testing.NDManagerExtension;

/**
 * Opt-in timing of one training step of the reference network (f = 2), printed, not asserted:
 * {@code -Dtgs.timing=true -Dtgs.timing.batch=8 -Dtgs.timing.topology=false -Dtgs.timing.steps=3} (topology with
 * random VGG19 weights); the median of the timed steps after one warm-up step.
 */
@ExtendWith(NDManagerExtension.class)
class TrainingStepTimingTest {
    @Test
    void timeOneStep(NDManager manager) {
        assumeTrue(Boolean.getBoolean("tgs.timing"), "timing runs only with -Dtgs.timing=true");
        int batchSize = Integer.getInteger("tgs.timing.batch", 8);
        boolean topology = Boolean.getBoolean("tgs.timing.topology");
        double width = Double.parseDouble(System.getProperty("tgs.timing.width", "2"));
        Map<String, TrainingSample> samples = BlobSamples.make(batchSize, 1);
        List<TrainingSample> list = new ArrayList<>(samples.values());
        HostBatch batch = new SampleEncoder().encode(list);
        try (Vgg19Features vgg = topology ? Vgg19Features.random(manager, 3) : null) {
            SaltNet net = new SaltNet(SaltNetConfig.full(width));
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 129, 129));
            SaltLoss loss = new SaltLoss(LossWeights.REFERENCE, vgg == null ? null : new TopologyLoss(vgg));
            TrainingStep step = new TrainingStep(net, loss, manager, StepSchedule.REFERENCE, 1e-3);
            step.run(batch);
            double[] seconds = new double[Integer.getInteger("tgs.timing.steps", 3)];
            for (int i = 0; i < seconds.length; i++) {
                long start = System.nanoTime();
                step.run(batch);
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
            Arrays.sort(seconds);
            System.err.printf("training step f=%s batch %d topology %s threads %s: median %.2f s (%s)%n", width,
                    batchSize, topology, System.getProperty("ai.djl.pytorch.num_threads", "default"),
                    seconds[seconds.length / 2],
                    Arrays.toString(seconds));
        }
    }
}

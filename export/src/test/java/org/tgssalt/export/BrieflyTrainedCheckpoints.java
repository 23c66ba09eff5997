package org.tgssalt.export;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.tgssalt.train.checkpoint.CheckpointInfo;
import org.tgssalt.train.checkpoint.Checkpoints;
import org.tgssalt.train.checkpoint.LibraryVersions;
import org.tgssalt.train.checkpoint.TopologyState;
import org.tgssalt.train.checkpoint.TrainingSettings;
import org.tgssalt.train.model.BatchNormInit;
import org.tgssalt.train.model.SaltNet;
import org.tgssalt.train.model.SaltNetConfig;

/**
 * Test fixture: fold checkpoints of a small network (width 0.25) trained for a few Adam steps on
 * synthetic layered images (salt = the bright layer), so that batch-norm running statistics and
 * weights are those of a trained net, not of a fresh one. Each fold continues from the previous one
 * with its own steps, so the folds differ.
 */
final class BrieflyTrainedCheckpoints {
    static final SaltNetConfig CONFIG = SaltNetConfig.full(0.25);
    private static final int BATCH = 4;
    private static final int SIDE = 129;

    private BrieflyTrainedCheckpoints() {
    }

    /** Writes {@code dir/fold-1 .. fold-folds}, {@code stepsPerFold} training steps each. */
    static void write(Path dir, int folds, int stepsPerFold) throws IOException {
        Random random = new Random(99);
        try (NDManager manager = NDManager.newBaseManager()) {
            SaltNet net = new SaltNet(CONFIG);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, SIDE, SIDE));
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
            for (int fold = 1; fold <= folds; fold++) {
                for (int step = 0; step < stepsPerFold; step++) {
                    trainStep(manager, net, adam, random);
                }
                TrainingSettings training = TrainingSettings.builder().epochs(1).batchSize(BATCH).learningRate(1e-3)
                        .guidedUpsamplingRateFactor(0.1).weightDecay(1e-4).schedule("step").cycles(1).seed(7)
                        .splitSeed(1234).augment(true).device("cpu()").batchNormInit(BatchNormInit.UNIFORM).build();
                CheckpointInfo info = CheckpointInfo.builder().fold(fold).folds(folds).architecture(CONFIG)
                        .training(training).bestEpoch(1).bestScore(0.5 + fold / 100.0).epochsTrained(1)
                        .trainingSamples(8).validationSamples(2).dataHash("ab".repeat(32))
                        .topology(TopologyState.off("test fixture")).libraries(LibraryVersions.current()).build();
                Checkpoints.save(dir.resolve("fold-" + fold), net, info);
            }
        }
    }

    private static NDArray crossEntropy(NDArray logits, NDArray target) {
        return logits.logSoftmax(1).mul(target).sum(new int[] {1}).mean().neg();
    }

    private static void trainStep(NDManager manager, SaltNet net, Optimizer adam, Random random) {
        float[] images = new float[BATCH * SIDE * SIDE];
        float[] salt = new float[BATCH * SIDE * SIDE];
        for (int b = 0; b < BATCH; b++) {
            int boundary = 30 + random.nextInt(70);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    boolean isSalt = y > boundary + (x - 64) / 4;
                    int i = (b * SIDE + y) * SIDE + x;
                    salt[i] = isSalt ? 1f : 0f;
                    images[i] = (float) ((isSalt ? 0.7 : 0.3) + 0.1 * random.nextGaussian() - 0.48);
                }
            }
        }
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(images, new Shape(BATCH, 1, SIDE, SIDE));
            NDArray y1 = step.create(salt, new Shape(BATCH, 1, SIDE, SIDE));
            NDArray target = y1.neg().add(1f).concat(y1, 1);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList out = net.forward(new ParameterStore(step, false), new NDList(x), true);
                NDArray loss = crossEntropy(out.get(0), target).add(crossEntropy(out.get(1), target).mul(0.4f));
                collector.backward(loss);
                if (!Float.isFinite(loss.getFloat())) {
                    throw new IllegalStateException("fixture training diverged: loss " + loss.getFloat());
                }
            }
            for (Pair<String, Parameter> p : net.getParameters()) {
                Parameter parameter = p.getValue();
                if (parameter.requiresGradient()) {
                    NDArray weight = parameter.getArray();
                    try (NDArray gradient = weight.getGradient()) {
                        // PyTorch's CPU convolution backward on this machine now and then returns NaN input
                        // gradients (a plain DJL Conv2d 3x3 8->8 on 17x17, batch 4: 1 run in 20), which then
                        // poison the gradients upstream; a parameter with a NaN gradient keeps its value.
                        if (!gradient.isNaN().any().getBoolean()) {
                            adam.update(parameter.getId(), weight, gradient);
                        }
                        // PyTorch accumulates gradients across backward passes: clear them for the next step.
                        gradient.subi(gradient);
                    }
                    if (weight.isNaN().any().getBoolean()) {
                        throw new IllegalStateException("fixture training made " + p.getKey() + " NaN");
                    }
                }
            }
        }
    }
}

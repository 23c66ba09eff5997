package org.tgssalt.train.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.tgssalt.train.model.SaltNetConfig;

/**
 * What must stay the same for a training run to be continued: the fold and split, the network, every training
 * setting that shapes the result, the topology loss's weights and the data (by id, {@link DataIdentity}).
 * Not part of it: the device (a run may continue on another machine, with float results that differ in the last
 * bits) and, unless the continuing command names one, the checkpoint the run started from (only its start used it).
 *
 * @param fold the fold, 1-based
 * @param folds number of folds of the split
 * @param architecture the network
 * @param training the training settings
 * @param topology whether the topology loss is on, and with which weights
 * @param data the fold's training and validation ids
 */
public record RunIdentity(int fold, int folds, SaltNetConfig architecture, TrainingSettings training,
                          TopologyState topology, DataIdentity data) {
    public RunIdentity {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(data, "data");
    }

    /** The identity recorded in a checkpoint; {@code validationHash} may be {@code null} (not recorded). */
    public static RunIdentity of(CheckpointInfo info, String validationHash) {
        return new RunIdentity(info.fold(), info.folds(), info.architecture(), info.training(), info.topology(),
                new DataIdentity(info.trainingSamples(), info.dataHash(), info.validationSamples(), validationHash));
    }

    /**
     * One setting that differs.
     *
     * @param setting the option (e.g. {@code --lr}) or, for fixed settings, what it is
     * @param recorded its value in the run
     * @param now its value now
     */
    public record Difference(String setting, String recorded, String now) {
        @Override
        public String toString() {
            return setting + " " + recorded + " (run) vs " + now + " (now)";
        }
    }

    /** The settings in which this (the run asked for now) differs from {@code recorded}, in option order. */
    public List<Difference> differencesFrom(RunIdentity recorded) {
        List<Difference> d = new ArrayList<>();
        TrainingSettings was = recorded.training;
        compare(d, "--folds", recorded.folds, folds);
        compare(d, "fold", recorded.fold, fold);
        compare(d, "--epochs", was.epochs(), training.epochs());
        compare(d, "--batch", was.batchSize(), training.batchSize());
        compare(d, "--width", recorded.architecture.widthFactor(), architecture.widthFactor());
        compare(d, "--min-channels", recorded.architecture.minChannels(), architecture.minChannels());
        compare(d, "--lr", was.learningRate(), training.learningRate());
        compare(d, "--schedule", was.schedule(), training.schedule());
        compare(d, "--cycles", was.cycles(), training.cycles());
        compare(d, "--seed", was.seed(), training.seed());
        compare(d, "--limit", limit(was.limit()), limit(training.limit()));
        compare(d, "--vgg19 (topology loss)", recorded.topology.reason(), topology.reason());
        if (training.resumedFrom() != null) {
            compare(d, "--resume", String.valueOf(was.resumedFrom()), training.resumedFrom());
        }
        compare(d, "--bn-init", batchNormInit(was), batchNormInit(training));
        compare(d, "scSE (--no-scse)", onOff(recorded.architecture.useScse()), onOff(architecture.useScse()));
        compare(d, "guided upsampling (--no-gum)", onOff(recorded.architecture.useGum()), onOff(architecture.useGum()));
        compare(d, "augmentation (--no-augment)", onOff(was.augment()), onOff(training.augment()));
        compare(d, "auxiliary head", onOff(recorded.architecture.useAuxiliary()), onOff(architecture.useAuxiliary()));
        compare(d, "classes", recorded.architecture.classes(), architecture.classes());
        compare(d, "guided upsampling rate factor", was.guidedUpsamplingRateFactor(),
                training.guidedUpsamplingRateFactor());
        compare(d, "weight decay", was.weightDecay(), training.weightDecay());
        compare(d, "split seed", was.splitSeed(), training.splitSeed());
        DataIdentity ran = recorded.data;
        compare(d, "training images (--data)", ids(ran.trainingSamples(), ran.trainingHash()),
                ids(data.trainingSamples(), data.trainingHash()));
        if (ran.validationHash() != null && data.validationHash() != null) {
            compare(d, "validation images (--data)", ids(ran.validationSamples(), ran.validationHash()),
                    ids(data.validationSamples(), data.validationHash()));
        }
        return d;
    }

    private static void compare(List<Difference> out, String setting, Object recorded, Object now) {
        if (!Objects.equals(recorded, now)) {
            out.add(new Difference(setting, String.valueOf(recorded), String.valueOf(now)));
        }
    }

    private static String limit(int limit) {
        return limit == 0 ? "all" : Integer.toString(limit);
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    private static String batchNormInit(TrainingSettings s) {
        // checkpoints from before the choice existed started at ones
        return s.batchNormInit() == null ? "ones" : s.batchNormInit().label();
    }

    private static String ids(int count, String hash) {
        String prefix = hash == null ? "?" : hash.substring(0, Math.min(12, hash.length()));
        return String.format(Locale.ROOT, "%d ids (SHA-256 %s...)", count, prefix);
    }
}

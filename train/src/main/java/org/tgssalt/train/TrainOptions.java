package org.tgssalt.train;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.train.data.FoldSplit;
import org.tgssalt.train.model.BatchNormInit;
import org.tgssalt.train.model.SaltNetConfig;

/**
 * Everything {@code ./tgs train} (or {@code pipeline}) was asked to do, validated. Build it with
 * {@link #builder(Path, Path)}, which holds the defaults of every option:
 *
 * <pre>{@code
 * TrainOptions options = TrainOptions.builder(data, out).epochs(8).width(0.5).batchSize(16).build();
 * List<FoldTrainer.Result> folds = Training.run(options, System.err);
 * }</pre>
 *
 * @param data dataset root (layout in DESIGN.md)
 * @param out output root; fold K goes to {@code out/fold-K}
 * @param folds number of cross-validation folds
 * @param fold the one fold to train (1-based), or empty for all
 * @param epochs epochs per fold
 * @param batchSize samples per batch
 * @param width network width factor f (2 is the reference)
 * @param minChannels the fewest channels a layer gets at small widths ({@link SaltNetConfig#minChannels})
 * @param learningRate base learning rate
 * @param schedule {@code step} or {@code cosine}
 * @param cycles cosine restarts
 * @param seed shuffle and augmentation seed
 * @param device device request
 * @param limit use only the first N training ids (sorted), or empty for all
 * @param vgg19 VGG19 weights for the topology loss, or empty to train without it
 * @param resume checkpoint directory to start a new stage from (parameters only), or empty
 * @param scse whether the network has scSE blocks
 * @param gum whether the network has the guided upsampling module
 * @param batchNormInit how batch-norm scales start
 * @param augment whether training samples are augmented
 * @param continueRun continue the stopped run in {@code out} after its last completed epoch (same settings)
 */
public record TrainOptions(Path data, Path out, int folds, OptionalInt fold, int epochs, int batchSize, double width,
                           int minChannels,
                           double learningRate, Schedule schedule, int cycles, long seed,
                           ExecutionDevice device, OptionalInt limit, Optional<Path> vgg19,
                           Optional<Path> resume, boolean scse, boolean gum,
                           BatchNormInit batchNormInit, boolean augment, boolean continueRun) {
    /** The learning-rate schedules. */
    public enum Schedule {
        /** x0.5 every 50 epochs. */
        STEP,
        /** Cosine annealing with {@code cycles} warm restarts. */
        COSINE
    }

    public TrainOptions {
        require(folds >= 2, "--folds must be at least 2, got " + folds);
        if (fold.isPresent()) {
            require(fold.getAsInt() >= 1 && fold.getAsInt() <= folds,
                    "--fold must be in 1.." + folds + ", got " + fold.getAsInt());
        }
        require(epochs >= 1, "--epochs must be at least 1, got " + epochs);
        require(batchSize >= 2, "--batch must be at least 2 (batch normalisation), got " + batchSize);
        require(width > 0 && width <= 8, "--width must be in (0, 8], got " + width);
        require(minChannels >= 1, "--min-channels must be at least 1, got " + minChannels);
        require(learningRate > 0 && learningRate < 1, "--lr must be in (0, 1), got " + learningRate);
        require(cycles >= 1, "--cycles must be at least 1, got " + cycles);
        if (limit.isPresent()) {
            require(limit.getAsInt() >= folds, "--limit must be at least --folds (" + folds + "), got "
                    + limit.getAsInt());
        }
    }

    /** A builder for a run on {@code data} into {@code out}, starting from the defaults. */
    public static Builder builder(Path data, Path out) {
        return new Builder(data, out);
    }

    /**
     * Builds {@link TrainOptions}; the field values are the defaults of {@code ./tgs train}.
     * {@link #build()} validates (IllegalArgumentException naming the option). Not thread-safe.
     */
    public static final class Builder {
        private final Path data;
        private final Path out;
        private int folds = FoldSplit.DEFAULT_FOLDS;
        private OptionalInt fold = OptionalInt.empty();
        private int epochs = 200;
        private int batchSize = 40;
        private double width = SaltNetConfig.REFERENCE_WIDTH;
        private int minChannels = SaltNetConfig.DEFAULT_MIN_CHANNELS;
        private double learningRate = 1e-3;
        private Schedule schedule = Schedule.STEP;
        private int cycles = 1;
        private long seed;
        private ExecutionDevice device = ExecutionDevice.AUTO;
        private OptionalInt limit = OptionalInt.empty();
        private Optional<Path> vgg19 = Optional.empty();
        private Optional<Path> resume = Optional.empty();
        private boolean scse = true;
        private boolean gum = true;
        private BatchNormInit batchNormInit = BatchNormInit.UNIFORM;
        private boolean augment = true;
        private boolean continueRun;

        private Builder(Path data, Path out) {
            this.data = data;
            this.out = out;
        }

        /** Cross-validation folds (default {@value FoldSplit#DEFAULT_FOLDS}). */
        public Builder folds(int value) {
            this.folds = value;
            return this;
        }

        /** Train only fold {@code value} (1-based); default all. */
        public Builder fold(int value) {
            this.fold = OptionalInt.of(value);
            return this;
        }

        /** Epochs per fold (default 200). */
        public Builder epochs(int value) {
            this.epochs = value;
            return this;
        }

        /** Samples per batch (default 40). */
        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /** Network width factor (default the reference's 2). */
        public Builder width(double value) {
            this.width = value;
            return this;
        }

        /** The fewest channels a layer gets (default {@value SaltNetConfig#DEFAULT_MIN_CHANNELS}; 1 scales plainly). */
        public Builder minChannels(int value) {
            this.minChannels = value;
            return this;
        }

        /** Base learning rate (default 1e-3). */
        public Builder learningRate(double value) {
            this.learningRate = value;
            return this;
        }

        /** Learning-rate schedule (default step). */
        public Builder schedule(Schedule value) {
            this.schedule = value;
            return this;
        }

        /** Cosine restarts (default 1). */
        public Builder cycles(int value) {
            this.cycles = value;
            return this;
        }

        /** Shuffle and augmentation seed (default 0). */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Device (default auto). */
        public Builder device(ExecutionDevice value) {
            this.device = value;
            return this;
        }

        /** Use only the first {@code value} training ids; default all. */
        public Builder limit(int value) {
            this.limit = OptionalInt.of(value);
            return this;
        }

        /** VGG19 weights for the topology loss; default none (the loss is off). */
        public Builder vgg19(Path value) {
            this.vgg19 = Optional.ofNullable(value);
            return this;
        }

        /** Checkpoint to start a new stage from (fresh optimiser, epochs from 1); default none. */
        public Builder resume(Path value) {
            this.resume = Optional.ofNullable(value);
            return this;
        }

        /** scSE blocks (default on). */
        public Builder scse(boolean value) {
            this.scse = value;
            return this;
        }

        /** Guided upsampling module (default on). */
        public Builder gum(boolean value) {
            this.gum = value;
            return this;
        }

        /** How batch-norm scales start (default uniform, as the reference). */
        public Builder batchNormInit(BatchNormInit value) {
            this.batchNormInit = value;
            return this;
        }

        /** Augmentation (default on). */
        public Builder augment(boolean value) {
            this.augment = value;
            return this;
        }

        /** Continue the stopped run in {@code out} instead of starting one (default off). */
        public Builder continueRun(boolean value) {
            this.continueRun = value;
            return this;
        }

        /** The options. @throws IllegalArgumentException naming the option at fault */
        public TrainOptions build() {
            return new TrainOptions(data, out, folds, fold, epochs, batchSize, width, minChannels, learningRate, schedule,
                    cycles, seed, device, limit, vgg19, resume, scse, gum, batchNormInit, augment, continueRun);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

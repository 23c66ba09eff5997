package org.tgssalt.train;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.train.model.BatchNormInit;

/**
 * Everything {@code ./tgs train} was asked to do, validated.
 *
 * @param data dataset root (layout in DESIGN.md)
 * @param out output root; fold K goes to {@code out/fold-K}
 * @param folds number of cross-validation folds
 * @param fold the one fold to train (1-based), or empty for all
 * @param epochs epochs per fold
 * @param batchSize samples per batch
 * @param width network width factor f (2 is the reference)
 * @param learningRate base learning rate
 * @param schedule {@code step} or {@code cosine}
 * @param cycles cosine restarts
 * @param seed shuffle and augmentation seed
 * @param device device request
 * @param limit use only the first N training ids (sorted), or empty for all
 * @param vgg19 VGG19 weights for the topology loss, or empty to train without it
 * @param resume checkpoint directory to start from, or empty
 * @param scse whether the network has scSE blocks
 * @param gum whether the network has the guided upsampling module
 * @param batchNormInit how batch-norm scales start
 */
public record TrainOptions(Path data, Path out, int folds, OptionalInt fold, int epochs, int batchSize, double width,
                           double learningRate, Schedule schedule, int cycles, long seed,
                           ExecutionDevice device, OptionalInt limit, Optional<Path> vgg19,
                           Optional<Path> resume, boolean scse, boolean gum,
                           BatchNormInit batchNormInit) {
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
        require(learningRate > 0 && learningRate < 1, "--lr must be in (0, 1), got " + learningRate);
        require(cycles >= 1, "--cycles must be at least 1, got " + cycles);
        if (limit.isPresent()) {
            require(limit.getAsInt() >= folds, "--limit must be at least --folds (" + folds + "), got "
                    + limit.getAsInt());
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

package org.tgssalt.train.data;

import java.util.SplittableRandom;

/**
 * The seeds of one training epoch's random streams: the order of the training ids, each sample's augmentation,
 * and the engine's generator (the dropout masks). Each is a pure function of (run seed, fold, epoch, position), so
 * nothing random is carried from one epoch to the next: an epoch draws the same whether the run got there without a
 * break or was stopped and continued (a continued run needs no saved generator state).
 *
 * <p>The order and the augmentation depend on the fold through its training ids, which are what gets shuffled and
 * augmented; the engine seed mixes in the fold number itself.
 *
 * @param runSeed the run's {@code --seed}
 * @param fold the fold, 1-based
 * @param epoch the epoch, 0-based
 */
public record EpochSeeds(long runSeed, int fold, int epoch) {
    public EpochSeeds {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
    }

    /** The seed of the {@link java.util.Random} that shuffles the epoch's training ids. */
    public long order() {
        return sample(-1);
    }

    /** The seed of the augmentation of the sample at {@code position} of the epoch's shuffled order. */
    public long sample(int position) {
        // distinct odd multipliers keep (epoch, position) pairs apart; SplittableRandom mixes the result
        return runSeed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + position * 0x165667B19E3779F9L;
    }

    /**
     * The seed given to the engine's generator ({@code Engine.setRandomSeed}, i.e. {@code torch.manual_seed}) at the
     * start of the epoch; it draws the dropout masks.
     */
    public int engine() {
        return new SplittableRandom(sample(-2) ^ fold * 0xD1B54A32D192ED03L).nextInt();
    }
}

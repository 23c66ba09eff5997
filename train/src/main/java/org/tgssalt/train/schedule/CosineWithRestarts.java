package org.tgssalt.train.schedule;

/**
 * Cosine annealing with warm restarts, as in the reference: cycle length {@code T = max(1, floor(epochs /
 * cycles))} and {@code rate(e) = m + (base - m) (1 + cos(pi (e mod T) / T)) / 2}, so each cycle starts at
 * the base rate and falls towards the floor {@code m}. One floor serves every parameter group: a group
 * whose base rate equals the floor stays constant.
 *
 * @param cycleLength T, in epochs
 * @param floor m, the rate approached at the end of each cycle
 */
public record CosineWithRestarts(int cycleLength, double floor) implements LearningRateSchedule {
    /** The reference's floor m. */
    public static final double REFERENCE_FLOOR = 1e-4;

    public CosineWithRestarts {
        if (cycleLength <= 0) {
            throw new IllegalArgumentException("cycle length must be positive, got " + cycleLength);
        }
        if (!(floor >= 0)) {
            throw new IllegalArgumentException("floor must be >= 0, got " + floor);
        }
    }

    /** {@code cycles} restarts over {@code epochs} epochs with the reference floor 1e-4. */
    public static CosineWithRestarts over(int epochs, int cycles) {
        if (epochs <= 0 || cycles <= 0) {
            throw new IllegalArgumentException("epochs and cycles must be positive, got " + epochs + " and " + cycles);
        }
        return new CosineWithRestarts(Math.max(1, epochs / cycles), REFERENCE_FLOOR);
    }

    @Override
    public double rate(double baseRate, int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        double phase = Math.PI * (epoch % cycleLength) / cycleLength;
        return floor + (baseRate - floor) * (1 + Math.cos(phase)) / 2;
    }

    @Override
    public String describe() {
        return "cosine(T=" + cycleLength + " epochs, floor " + floor + ")";
    }
}

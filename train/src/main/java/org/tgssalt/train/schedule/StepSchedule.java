package org.tgssalt.train.schedule;

/**
 * Step decay: the rate is multiplied by {@code factor} at epochs {@code every}, 2 {@code every}, ...
 * (0-based), i.e. {@code rate(e) = base * factor^floor(e / every)}. The reference halves every 50 epochs.
 *
 * @param every epochs between two decays, positive
 * @param factor multiplier per decay, in (0, 1]
 */
public record StepSchedule(int every, double factor) implements LearningRateSchedule {
    /** The reference's schedule: x0.5 at epochs 50, 100, 150, ... */
    public static final StepSchedule REFERENCE = new StepSchedule(50, 0.5);

    public StepSchedule {
        if (every <= 0) {
            throw new IllegalArgumentException("step interval must be positive, got " + every);
        }
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("step factor must be in (0, 1], got " + factor);
        }
    }

    @Override
    public double rate(double baseRate, int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        return baseRate * Math.pow(factor, epoch / every);
    }

    @Override
    public String describe() {
        return "step(x" + factor + " every " + every + " epochs)";
    }
}

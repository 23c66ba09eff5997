package org.tgssalt.train.schedule;

/**
 * The learning rate of one parameter group as a function of the epoch. The same schedule serves
 * groups with different base rates (the guided upsampling module trains at a tenth of the rest).
 */
public interface LearningRateSchedule {
    /**
     * @param baseRate the group's initial learning rate
     * @param epoch the epoch, 0-based
     * @return the rate to use throughout that epoch
     */
    double rate(double baseRate, int epoch);

    /** A short description for logs and checkpoint metadata, e.g. {@code step(0.5 every 50)}. */
    String describe();
}

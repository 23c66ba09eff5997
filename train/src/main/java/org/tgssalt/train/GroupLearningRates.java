package org.tgssalt.train;

import ai.djl.training.tracker.ParameterTracker;
import java.util.Set;
import org.tgssalt.train.schedule.LearningRateSchedule;

/**
 * The learning rate of every parameter for one optimiser: parameters in the slow group (the guided
 * upsampling module) train at {@code slowFactor} times the base rate, all others at the base rate, and the
 * schedule moves both with the epoch ({@link #setEpoch}). DJL gives a trainer one optimiser; giving its
 * Adam this tracker reproduces the reference's two torch parameter groups, Adam state and all.
 *
 * <p>Parameters are told apart by DJL parameter id ({@code Parameter.getId()}), which is what the optimiser
 * passes to the tracker. {@link #setEpoch} is called by the training thread between steps.
 */
public final class GroupLearningRates implements ParameterTracker {
    private final LearningRateSchedule schedule;
    private final double baseRate;
    private final double slowFactor;
    private final Set<String> slowIds;
    private volatile float rate;
    private volatile float slowRate;

    /**
     * @param schedule the schedule applied to both groups
     * @param baseRate the main group's initial rate
     * @param slowFactor the slow group's rate as a fraction of the main group's initial rate
     * @param slowIds DJL ids of the slow group's parameters
     */
    public GroupLearningRates(LearningRateSchedule schedule, double baseRate, double slowFactor, Set<String> slowIds) {
        this.schedule = schedule;
        this.baseRate = baseRate;
        this.slowFactor = slowFactor;
        this.slowIds = Set.copyOf(slowIds);
        setEpoch(0);
    }

    /** Sets the rates for {@code epoch} (0-based). */
    public void setEpoch(int epoch) {
        rate = (float) schedule.rate(baseRate, epoch);
        slowRate = (float) schedule.rate(baseRate * slowFactor, epoch);
    }

    /** The main group's current rate. */
    public float rate() {
        return rate;
    }

    /** The slow group's current rate. */
    public float slowRate() {
        return slowRate;
    }

    @Override
    public float getNewValue(String parameterId, int numUpdate) {
        return slowIds.contains(parameterId) ? slowRate : rate;
    }
}

package org.tgssalt.train;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;

/**
 * Watches the per-step losses and gradient norms of a run and says when training jumps: the mean loss of the
 * last {@value #SHORT} steps rises above {@value #LOSS_FACTOR} times the mean of the {@value #LONG} steps before
 * them, or one step's gradient norm exceeds {@value #NORM_FACTOR} times the median of the window. After a
 * warning it stays quiet for a window's length, so one event gives one line. Not thread-safe.
 */
final class LossJumpMonitor {
    static final int SHORT = 10;
    static final int LONG = 50;
    static final double LOSS_FACTOR = 1.25;
    static final double NORM_FACTOR = 50;

    private final Deque<double[]> window = new ArrayDeque<>();
    private int quietSteps;

    /**
     * Records one step.
     *
     * @param where the step, for the message (e.g. "fold-1 epoch 13 step 30")
     * @param loss the step's total loss
     * @param gradientNorm the step's gradient norm
     * @return a warning when this step shows a jump
     */
    Optional<String> observe(String where, double loss, double gradientNorm) {
        Optional<String> warning = Optional.empty();
        if (window.size() == SHORT + LONG && quietSteps == 0) {
            double[] norms = window.stream().mapToDouble(s -> s[1]).filter(Double::isFinite).sorted().toArray();
            double medianNorm = norms.length == 0 ? Double.NaN : norms[norms.length / 2];
            double[] losses = window.stream().mapToDouble(s -> s[0]).toArray();
            // the window holds the previous SHORT + LONG steps: the last SHORT - 1 of them and this step are
            // "recent", the LONG steps before those are the baseline (the oldest one is just leaving)
            double before = Arrays.stream(losses, 1, LONG + 1).average().orElse(Double.NaN);
            double recent = (Arrays.stream(losses, LONG + 1, SHORT + LONG).sum() + loss) / SHORT;
            if (gradientNorm > NORM_FACTOR * medianNorm) {
                warning = Optional.of(String.format(Locale.ROOT, "warning: %s: gradient norm %.3g is %.0fx the median"
                        + " of the previous %d steps (%.3g); steps.csv has every step", where, gradientNorm,
                        gradientNorm / medianNorm, SHORT + LONG, medianNorm));
            } else if (recent > LOSS_FACTOR * before) {
                warning = Optional.of(String.format(Locale.ROOT, "warning: %s: training loss jumped: mean %.4f over"
                        + " the last %d steps against %.4f over the %d before; steps.csv has every step", where,
                        recent, SHORT, before, LONG));
            }
        }
        if (warning.isPresent()) {
            quietSteps = SHORT + LONG;
        } else if (quietSteps > 0) {
            quietSteps--;
        }
        window.addLast(new double[] {loss, gradientNorm});
        if (window.size() > SHORT + LONG) {
            window.removeFirst();
        }
        return warning;
    }
}

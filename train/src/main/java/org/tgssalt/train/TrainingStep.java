package org.tgssalt.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tgssalt.train.data.HostBatch;
import org.tgssalt.train.loss.LossValues;
import org.tgssalt.train.loss.SaltLoss;
import org.tgssalt.train.loss.SaltLossParts;
import org.tgssalt.train.model.SaltNet;
import org.tgssalt.train.optimizer.TorchAdam;
import org.tgssalt.train.schedule.LearningRateSchedule;

/**
 * One optimisation step: forward in training mode, {@link SaltLoss}, backward, and an Adam update of every
 * trainable parameter ({@link TorchAdam}: PyTorch's Adam with L2 weight decay 1e-4 added to the gradient; the guided
 * upsampling module at a tenth of the learning rate through {@link GroupLearningRates}). The optimiser's state can
 * be saved and loaded ({@link #saveOptimizer}, {@link #loadOptimizer}) so that a stopped run continues exactly.
 *
 * <p>Each step's arrays live in a sub-manager closed at the end of the step. Not thread-safe: one training
 * thread. Does not own the network or the loss.
 */
public final class TrainingStep {
    /** The reference's L2 weight decay. */
    public static final float WEIGHT_DECAY = 1e-4f;
    /** The guided upsampling module's learning rate as a fraction of the rest's. */
    public static final double GUM_RATE_FACTOR = 0.1;

    private static final NDIndex ALL = new NDIndex("...");

    private final SaltNet net;
    private final SaltLoss loss;
    private final NDManager manager;
    private final ParameterStore store;
    private final GroupLearningRates rates;
    private final TorchAdam optimizer;
    private int skippedSteps;

    /**
     * @param net the initialised network
     * @param loss the loss
     * @param manager the network's manager (its device is the training device)
     * @param schedule the learning-rate schedule
     * @param learningRate the base learning rate
     */
    public TrainingStep(SaltNet net, SaltLoss loss, NDManager manager, LearningRateSchedule schedule,
                        double learningRate) {
        this.net = net;
        this.loss = loss;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        Set<String> gumIds = new HashSet<>();
        for (Pair<String, Parameter> p : net.guidedUpsamplingParameters()) {
            gumIds.add(p.getValue().getId());
        }
        this.rates = new GroupLearningRates(schedule, learningRate, GUM_RATE_FACTOR, gumIds);
        this.optimizer = TorchAdam.builder().learningRates(rates).weightDecay(WEIGHT_DECAY).build();
    }

    /** Steps whose update was skipped because a gradient was not finite. */
    public int skippedSteps() {
        return skippedSteps;
    }

    /** Writes the optimiser's state (Adam's moments and step counts, by parameter name). */
    public void saveOptimizer(OutputStream out) throws IOException {
        optimizer.save(trainableParameters(), out);
    }

    /**
     * Replaces the optimiser's state with one written by {@link #saveOptimizer} for the same network.
     *
     * @throws IllegalArgumentException saying what does not fit when the data is not such a state
     */
    public void loadOptimizer(InputStream in) {
        optimizer.load(trainableParameters(), in);
    }

    /** Sets the learning rates for {@code epoch} (0-based). */
    public void setEpoch(int epoch) {
        rates.setEpoch(epoch);
    }

    /** The main group's current learning rate. */
    public double learningRate() {
        return rates.rate();
    }

    /**
     * Trains on one batch.
     *
     * @return the loss parts before the update, the gradient norm, and whether the update was applied
     */
    public StepOutcome run(HostBatch batch) {
        if (batch.size() < 2) {
            throw new IllegalArgumentException("a training batch needs at least 2 samples for batch normalisation, got "
                    + batch.size());
        }
        LossValues values;
        double norm;
        boolean applied;
        try (NDManager scope = manager.newSubManager()) {
            int side = batch.side();
            NDArray images = scope.create(batch.images(), new Shape(batch.size(), 1, side, side));
            NDArray labels = scope.create(batch.labels(), new Shape(batch.size(), side, side));
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDList out = net.forward(store, new NDList(images), true);
                SaltLossParts parts = loss.evaluate(out.get(0), out.get(1), labels);
                collector.backward(parts.total());
                values = parts.values();
            }
            List<Parameter> trainable = trainable();
            norm = gradientNorm(trainable);
            applied = update(trainable, Double.isFinite(norm));
            if (!applied) {
                skippedSteps++;
            }
        }
        if (!Float.isFinite(values.total())) {
            throw new IllegalStateException("training diverged: loss is " + values.total()
                    + " (try a lower --lr)");
        }
        return new StepOutcome(values, norm, applied);
    }

    private List<Parameter> trainable() {
        return trainableParameters().values();
    }

    private ParameterList trainableParameters() {
        ParameterList trainable = new ParameterList();
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.add(p);
            }
        }
        return trainable;
    }

    /**
     * Applies the gradients, or, when any of them is not finite, discards them all and leaves the parameters
     * unchanged (like PyTorch's {@code GradScaler} does): one bad step must not turn every parameter into NaN.
     *
     * @return whether the parameters were updated
     */
    private boolean update(List<Parameter> trainable, boolean finite) {
        for (Parameter parameter : trainable) {
            NDArray weight = parameter.getArray();
            // getGradient() makes a new handle on the gradient buffer: close it so handles do not pile up
            try (NDArray gradient = weight.getGradient()) {
                if (finite) {
                    optimizer.update(parameter.getId(), weight, gradient);
                }
                // PyTorch accumulates gradients across backward passes: clear them for the next step. An indexed
                // fill writes in place (x - x would keep NaN; set(Buffer) would swap in Java-owned storage).
                gradient.set(ALL, 0f);
            }
        }
        return finite;
    }

    /**
     * The L2 norm of all gradients, in one device round trip; not finite when any element is not (or when the
     * sum of squares overflows float32, i.e. a norm above 1e19, which no sound step has).
     */
    private static double gradientNorm(List<Parameter> trainable) {
        try (NDManager scope = trainable.get(0).getArray().getManager().newSubManager()) {
            NDList squares = new NDList(trainable.size());
            for (Parameter parameter : trainable) {
                // the square lives on the network's manager, like the gradient handle: close both here
                try (NDArray gradient = parameter.getArray().getGradient(); NDArray squared = gradient.square()) {
                    NDArray sum = squared.sum();
                    sum.attach(scope);
                    squares.add(sum);
                }
            }
            return Math.sqrt(NDArrays.stack(squares).sum().getFloat());
        }
    }
}

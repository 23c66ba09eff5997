package org.tgssalt.train.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * PyTorch's Adam ({@code torch.optim.Adam} with {@code amsgrad=False}), the reference's optimiser, as a DJL
 * {@link Optimizer} whose state can be saved and restored: for each parameter the step count {@code t}, the
 * first moment {@code m} and the second moment {@code v}. One update, with gradient {@code g}:
 *
 * <pre>
 * g = g + weightDecay * w                     (L2 weight decay added to the gradient)
 * m = beta1 m + (1 - beta1) g
 * v = beta2 v + (1 - beta2) g^2
 * w = w - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p>DJL's own {@code Adam} keeps these arrays private (a run could not continue with them) and adds {@code eps}
 * to {@code sqrt(v)} before the bias correction, which differs from PyTorch where {@code v} is tiny. This class
 * runs DJL's fused native update (one call per parameter, no autograd) with the step size and epsilon rescaled
 * so that it computes PyTorch's formula above.
 *
 * <pre>{@code
 * TorchAdam adam = TorchAdam.builder().learningRates(rates).weightDecay(1e-4f).build();
 * adam.update(parameter.getId(), parameter.getArray(), gradient);
 * adam.save(net.getParameters(), out);              // later, in a new process:
 * adam.load(net.getParameters(), in);
 * }</pre>
 *
 * <p>State arrays live on each parameter's manager, and are freed with it. Not thread-safe.
 */
public final class TorchAdam extends Optimizer {
    /** PyTorch's default beta1. */
    public static final float DEFAULT_BETA1 = 0.9f;
    /** PyTorch's default beta2. */
    public static final float DEFAULT_BETA2 = 0.999f;
    /** PyTorch's default epsilon. */
    public static final float DEFAULT_EPSILON = 1e-8f;

    private static final String MEAN = "/mean";
    private static final String VARIANCE = "/variance";
    private static final String STEP = "/step";

    private final ParameterTracker learningRates;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    /** By DJL parameter id, which is what {@link #update} is given. */
    private final Map<String, Moments> moments = new HashMap<>();

    private TorchAdam(Builder builder) {
        super(builder);
        if (rescaleGrad != 1f || clipGrad >= 0f) {
            throw new IllegalArgumentException("TorchAdam computes PyTorch's Adam: gradient rescaling and clipping are"
                    + " not part of it (got rescale " + rescaleGrad + ", clip " + clipGrad + ")");
        }
        this.learningRates = Objects.requireNonNull(builder.learningRates, "learning rates");
        this.beta1 = builder.beta1;
        this.beta2 = builder.beta2;
        this.epsilon = builder.epsilon;
    }

    /** A builder with PyTorch's defaults (lr 1e-3, betas 0.9 and 0.999, eps 1e-8, no weight decay). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        Moments state = moments.computeIfAbsent(parameterId, id -> new Moments(weight.zerosLike(), weight.zerosLike()));
        state.step++;
        double correction1 = 1 - Math.pow(beta1, state.step);
        double rootCorrection2 = Math.sqrt(1 - Math.pow(beta2, state.step));
        float rate = learningRates.getNewValue(parameterId, state.step);
        // DJL's native update computes w -= a * m / (sqrt(v) + e). With a = lr sqrt(c2) / c1 and e = eps sqrt(c2)
        // that is PyTorch's w -= lr / c1 * m / (sqrt(v) / sqrt(c2) + eps). It also zeroes the weight's gradient.
        float stepSize = (float) (rate * rootCorrection2 / correction1);
        float scaledEpsilon = (float) (epsilon * rootCorrection2);
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, state.mean, state.variance),
                new NDList(weight), rate, stepSize, getWeightDecay(), rescaleGrad, clipGrad, beta1, beta2,
                scaledEpsilon, false, false);
    }

    /** Updates applied to the parameter with DJL id {@code parameterId} so far (PyTorch's {@code state['step']}). */
    public int steps(String parameterId) {
        Moments state = moments.get(parameterId);
        return state == null ? 0 : state.step;
    }

    /**
     * Writes the state of the given parameters (those updated at least once) as a DJL {@link NDList}: for a
     * parameter named {@code NAME}, arrays {@code NAME/mean}, {@code NAME/variance} and {@code NAME/step} (int64,
     * one element). Names, not DJL ids, identify parameters, so another process can {@link #load} it.
     */
    public void save(PairList<String, Parameter> parameters, OutputStream out) throws IOException {
        NDList list = new NDList();
        NDManager scope = null;
        try {
            for (Pair<String, Parameter> p : parameters) {
                Moments state = moments.get(p.getValue().getId());
                if (state == null) {
                    continue;
                }
                if (scope == null) {
                    scope = state.mean.getManager().newSubManager();
                }
                list.add(named(state.mean, p.getKey() + MEAN));
                list.add(named(state.variance, p.getKey() + VARIANCE));
                list.add(named(scope.create(new long[] {state.step}), p.getKey() + STEP));
            }
            list.encode(out);
        } finally {
            if (scope != null) {
                scope.close();
            }
        }
    }

    /**
     * Replaces the state with one written by {@link #save}, matching parameters by name. Parameters the saved
     * state does not mention start fresh, as they had not been updated when it was saved.
     *
     * @throws IllegalArgumentException when the data is not such a state or does not fit the parameters (the
     *     message says which parameter and why); the current state is then unchanged
     */
    public void load(PairList<String, Parameter> parameters, InputStream in) {
        Map<String, Parameter> byName = new HashMap<>();
        for (Pair<String, Parameter> p : parameters) {
            byName.put(p.getKey(), p.getValue());
        }
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("no parameters to load optimiser state for");
        }
        NDManager owner = parameters.get(0).getValue().getArray().getManager();
        Map<String, NDArray> arrays = new HashMap<>();
        Map<String, Moments> loaded = new HashMap<>();
        try (NDManager scope = owner.newSubManager()) {
            for (NDArray array : NDList.decode(scope, in)) {
                if (array.getName() == null || arrays.put(array.getName(), array) != null) {
                    throw new IllegalArgumentException("array without a name or named twice: " + array.getName());
                }
            }
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                if (!e.getKey().endsWith(STEP)) {
                    continue;
                }
                String name = e.getKey().substring(0, e.getKey().length() - STEP.length());
                Parameter parameter = byName.get(name);
                if (parameter == null) {
                    throw new IllegalArgumentException("state for parameter " + name + ", which the network does not have");
                }
                NDArray weight = parameter.getArray();
                NDArray mean = fitting(arrays.get(name + MEAN), name + MEAN, weight);
                NDArray variance = fitting(arrays.get(name + VARIANCE), name + VARIANCE, weight);
                long step = e.getValue().toLongArray()[0];
                if (step < 1 || step > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(name + STEP + " is " + step + ", expected a positive step count");
                }
                // decoded arrays may be views of Java buffers freed with the scope: keep copies in engine memory
                Moments state = new Moments(mean.duplicate(), variance.duplicate());
                state.mean.attach(weight.getManager());
                state.variance.attach(weight.getManager());
                state.step = (int) step;
                loaded.put(parameter.getId(), state);
            }
            if (arrays.size() != 3 * loaded.size()) {
                throw new IllegalArgumentException(arrays.size() + " arrays do not form " + loaded.size()
                        + " (mean, variance, step) triples");
            }
        } catch (IllegalArgumentException e) {
            loaded.values().forEach(Moments::close);
            throw e;
        } catch (IllegalStateException | UnsupportedOperationException e) {
            // DJL's decoder reports some malformed data this way
            loaded.values().forEach(Moments::close);
            throw new IllegalArgumentException("not an optimiser state: " + e.getMessage(), e);
        }
        moments.values().forEach(Moments::close);
        moments.clear();
        moments.putAll(loaded);
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }

    private static NDArray fitting(NDArray array, String name, NDArray weight) {
        if (array == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        if (!array.getShape().equals(weight.getShape()) || array.getDataType() != weight.getDataType()) {
            throw new IllegalArgumentException(name + " is " + array.getDataType() + " " + array.getShape()
                    + ", the parameter " + weight.getDataType() + " " + weight.getShape());
        }
        return array;
    }

    /** One parameter's state. */
    private static final class Moments {
        private final NDArray mean;
        private final NDArray variance;
        private int step;

        Moments(NDArray mean, NDArray variance) {
            this.mean = mean;
            this.variance = variance;
        }

        void close() {
            mean.close();
            variance.close();
        }
    }

    /** Builds a {@link TorchAdam}; {@link #build()} checks the settings. Not thread-safe. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private ParameterTracker learningRates = Tracker.fixed(1e-3f);
        private float beta1 = DEFAULT_BETA1;
        private float beta2 = DEFAULT_BETA2;
        private float epsilon = DEFAULT_EPSILON;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** The learning rate of each parameter (default a fixed 1e-3). */
        public Builder learningRates(ParameterTracker value) {
            this.learningRates = value;
            return this;
        }

        /** L2 weight decay added to the gradient (default 0). */
        public Builder weightDecay(float value) {
            return optWeightDecays(value);
        }

        /** The moments' decay rates (default 0.9 and 0.999). */
        public Builder betas(float first, float second) {
            this.beta1 = first;
            this.beta2 = second;
            return this;
        }

        /** The denominator's epsilon (default 1e-8). */
        public Builder epsilon(float value) {
            this.epsilon = value;
            return this;
        }

        /** The optimiser. @throws IllegalArgumentException naming the setting out of range */
        public TorchAdam build() {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + " and " + beta2);
            }
            if (!(epsilon > 0)) {
                throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
            }
            return new TorchAdam(this);
        }
    }
}

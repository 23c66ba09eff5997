package org.tgssalt.train.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tgssalt.InputException;
import org.tgssalt.train.model.SaltNet;

/**
 * Starts a network from another one's parameters, the way the reference grew its model in stages: every
 * parameter (including batch-norm statistics) whose name and shape match is copied; the others keep the
 * fresh initialisation the target already has. Parameter names are stable as the network grows because
 * {@link SaltNet} adds its optional modules after the always-present ones.
 */
public final class ParameterTransfer {
    /**
     * What a transfer did.
     *
     * @param copied target parameters copied from the source
     * @param initialised target parameters absent from the source, left freshly initialised
     * @param shapeMismatch target parameters present in the source with another shape, left freshly initialised
     * @param unused source parameters with no counterpart in the target
     */
    public record Report(List<String> copied, List<String> initialised, List<String> shapeMismatch,
                         List<String> unused) {
        public Report {
            copied = List.copyOf(copied);
            initialised = List.copyOf(initialised);
            shapeMismatch = List.copyOf(shapeMismatch);
            unused = List.copyOf(unused);
        }

        /** True when every target parameter came from the source and every source parameter was used. */
        public boolean exact() {
            return initialised.isEmpty() && shapeMismatch.isEmpty() && unused.isEmpty();
        }

        /** One line for the log. */
        public String summary() {
            return "copied " + copied.size() + " parameters, freshly initialised " + initialised.size()
                    + (shapeMismatch.isEmpty() ? "" : ", " + shapeMismatch.size() + " of another shape (re-initialised)")
                    + (unused.isEmpty() ? "" : ", ignored " + unused.size() + " not in the new network");
        }
    }

    private ParameterTransfer() {}

    /**
     * Copies the matching parameters of {@code source} into {@code target}; both must be initialised.
     */
    public static Report transfer(SaltNet source, SaltNet target) {
        Map<String, Parameter> remaining = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : source.getParameters()) {
            remaining.put(p.getKey(), p.getValue());
        }
        List<String> copied = new ArrayList<>();
        List<String> initialised = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Pair<String, Parameter> p : target.getParameters()) {
            Parameter from = remaining.remove(p.getKey());
            if (from == null) {
                initialised.add(p.getKey());
                continue;
            }
            NDArray to = p.getValue().getArray();
            NDArray value = from.getArray();
            if (!value.getShape().equals(to.getShape())) {
                mismatched.add(p.getKey());
                continue;
            }
            // set() copies the values into the existing array, keeping its gradient buffer and device
            to.set(value.toDevice(to.getDevice(), false).toByteBuffer());
            copied.add(p.getKey());
        }
        return new Report(copied, initialised, mismatched, new ArrayList<>(remaining.keySet()));
    }

    /**
     * Copies every parameter of a parameter file written for {@code target}'s architecture into {@code target}, e.g.
     * to continue a run: the values change, the arrays (and their gradient buffers) stay.
     *
     * @param manager a manager on the target's device; the file is read into a network in a sub-manager closed here
     * @throws InputException naming the file when it is not a complete set of the target's parameters
     */
    public static void fromParameterFile(Path file, SaltNet target, NDManager manager) throws IOException {
        try (NDManager sourceManager = manager.newSubManager()) {
            SaltNet source = new SaltNet(target.config());
            source.initialize(sourceManager, DataType.FLOAT32, new Shape(1, 1, SaltNet.INPUT_SIZE, SaltNet.INPUT_SIZE));
            Checkpoints.loadParameterFile(file, source, sourceManager);
            Report report = transfer(source, target);
            if (!report.exact()) {
                throw new InputException(file.toString(), "does not hold exactly the network's parameters: "
                        + report.summary());
            }
        }
    }

    /**
     * Loads the checkpoint in {@code foldDir} and copies its matching parameters into {@code target}.
     *
     * @param manager a manager on the target's device; the source network lives in a sub-manager closed here
     */
    public static Report fromCheckpoint(Path foldDir, SaltNet target, NDManager manager) throws IOException {
        try (NDManager sourceManager = manager.newSubManager()) {
            LoadedCheckpoint source = Checkpoints.load(foldDir, sourceManager);
            return transfer(source.net(), target);
        }
    }
}

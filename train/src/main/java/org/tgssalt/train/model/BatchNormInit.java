package org.tgssalt.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How the batch-norm scales (gamma) start. The reference pinned PyTorch 0.4.1, whose batch-norm layers
 * drew gamma from U(0, 1); PyTorch 0.4.1's successors, and DJL, start it at 1. Biases start at 0 either way.
 */
public enum BatchNormInit {
    /** Gamma drawn from U(0, 1), as in the reference (PyTorch 0.4.1). The default. */
    UNIFORM("uniform"),
    /** Gamma = 1 (PyTorch 1.0 and later, DJL). */
    ONES("ones");

    private final String label;

    BatchNormInit(String label) {
        this.label = label;
    }

    /** The name used on the command line and in {@code checkpoint.json}. */
    @JsonValue
    public String label() {
        return label;
    }

    /**
     * Parses a label.
     *
     * @throws IllegalArgumentException naming the accepted labels
     */
    @JsonCreator
    public static BatchNormInit parse(String text) {
        for (BatchNormInit init : values()) {
            if (init.label.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return init;
            }
        }
        throw new IllegalArgumentException("batch-norm initialisation must be uniform or ones, got '" + text + "'");
    }

    /** Sets the gamma initialiser of every batch norm in {@code block}; call before {@code initialize}. */
    public void applyTo(Block block) {
        if (this == UNIFORM) {
            block.setInitializer(new UnitUniform(), Parameter.Type.GAMMA);
        } else {
            block.setInitializer(Initializer.ONES, Parameter.Type.GAMMA);
        }
    }

    /** U(0, 1) from the engine's seeded generator. */
    private static final class UnitUniform implements Initializer {
        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            return manager.randomUniform(0f, 1f, shape, dataType, manager.getDevice());
        }
    }
}

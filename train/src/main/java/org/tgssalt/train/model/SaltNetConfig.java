package org.tgssalt.train.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Architecture settings of {@link SaltNet}; stored in each checkpoint's {@code checkpoint.json}.
 *
 * @param widthFactor the width factor f; f = 2 is the released reference model
 * @param useScse whether the scSE modules (encoder 1-3, bridge, decoder stages) exist
 * @param useGum whether the guided upsampling module exists
 * @param useAuxiliary whether the training-only auxiliary head exists (the reference always has it)
 * @param classes number of output classes (2: background and salt)
 */
public record SaltNetConfig(double widthFactor, boolean useScse, boolean useGum, boolean useAuxiliary, int classes) {
    /** Reference width factor. */
    public static final double REFERENCE_WIDTH = 2.0;

    public SaltNetConfig {
        if (!(widthFactor > 0 && Double.isFinite(widthFactor))) {
            throw new IllegalArgumentException("width factor must be positive, got " + widthFactor);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("at least 2 classes are needed, got " + classes);
        }
    }

    /**
     * Reads a configuration from JSON; absent {@code useAuxiliary} means true (the reference always
     * has the head) and absent {@code classes} means 2, so older or hand-written files stay valid.
     */
    @JsonCreator
    static SaltNetConfig fromJson(@JsonProperty(value = "widthFactor", required = true) double widthFactor,
            @JsonProperty(value = "useScse", required = true) boolean useScse,
            @JsonProperty(value = "useGum", required = true) boolean useGum,
            @JsonProperty("useAuxiliary") Boolean useAuxiliary,
            @JsonProperty("classes") Integer classes) {
        return new SaltNetConfig(widthFactor, useScse, useGum, useAuxiliary == null || useAuxiliary,
                classes == null ? 2 : classes);
    }

    /** The released reference configuration: f = 2, scSE, GUM, auxiliary head, 2 classes. */
    public static SaltNetConfig reference() {
        return full(REFERENCE_WIDTH);
    }

    /** All modules (scSE, GUM, auxiliary head) at the given width factor, 2 classes. */
    public static SaltNetConfig full(double widthFactor) {
        return new SaltNetConfig(widthFactor, true, true, true, 2);
    }

    /** Channel count for a reference width {@code 2 * base}: max(1, round(base * f)). */
    public int channels(int base) {
        return (int) Math.max(1, Math.round(base * widthFactor));
    }
}

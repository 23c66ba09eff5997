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
 * @param minChannels the fewest channels a layer gets however small the width factor (see {@link #channels})
 */
public record SaltNetConfig(double widthFactor, boolean useScse, boolean useGum, boolean useAuxiliary, int classes,
        int minChannels) {
    /** Reference width factor. */
    public static final double REFERENCE_WIDTH = 2.0;

    /**
     * Default channel floor. The reference's thinnest layers have 8 and 16 channels (f = 2); scaled by f = 0.25 they
     * would have 1 and 2, and a two-channel ReLU layer in front of the classifier can die: measured on the generated
     * samples, a fold whose last decoder layer lost a channel never put a salt probability above 0.5 in 20 epochs.
     * Four keeps every width from f = 1 up identical to the plain scaling.
     */
    public static final int DEFAULT_MIN_CHANNELS = 4;

    public SaltNetConfig {
        if (!(widthFactor > 0 && Double.isFinite(widthFactor))) {
            throw new IllegalArgumentException("width factor must be positive, got " + widthFactor);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("at least 2 classes are needed, got " + classes);
        }
        if (minChannels < 1) {
            throw new IllegalArgumentException("the channel floor must be at least 1, got " + minChannels);
        }
    }

    /** A configuration with the default channel floor {@link #DEFAULT_MIN_CHANNELS}. */
    public SaltNetConfig(double widthFactor, boolean useScse, boolean useGum, boolean useAuxiliary, int classes) {
        this(widthFactor, useScse, useGum, useAuxiliary, classes, DEFAULT_MIN_CHANNELS);
    }

    /**
     * Reads a configuration from JSON; absent {@code useAuxiliary} means true (the reference always
     * has the head), absent {@code classes} means 2, and absent {@code minChannels} means 1 (networks were scaled
     * without a floor before it existed), so older or hand-written files stay valid.
     */
    @JsonCreator
    static SaltNetConfig fromJson(@JsonProperty(value = "widthFactor", required = true) double widthFactor,
            @JsonProperty(value = "useScse", required = true) boolean useScse,
            @JsonProperty(value = "useGum", required = true) boolean useGum,
            @JsonProperty("useAuxiliary") Boolean useAuxiliary,
            @JsonProperty("classes") Integer classes,
            @JsonProperty("minChannels") Integer minChannels) {
        return new SaltNetConfig(widthFactor, useScse, useGum, useAuxiliary == null || useAuxiliary,
                classes == null ? 2 : classes, minChannels == null ? 1 : minChannels);
    }

    /** The released reference configuration: f = 2, scSE, GUM, auxiliary head, 2 classes. */
    public static SaltNetConfig reference() {
        return full(REFERENCE_WIDTH);
    }

    /** All modules (scSE, GUM, auxiliary head) at the given width factor, 2 classes. */
    public static SaltNetConfig full(double widthFactor) {
        return new SaltNetConfig(widthFactor, true, true, true, 2);
    }

    /** Channel count for a reference width {@code 2 * base}: max(minChannels, round(base * f)). */
    public int channels(int base) {
        return (int) Math.max(minChannels, Math.round(base * widthFactor));
    }
}

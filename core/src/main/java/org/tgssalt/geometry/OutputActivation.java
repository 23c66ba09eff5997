package org.tgssalt.geometry;

import java.util.Locale;

/**
 * How a network's output map becomes the salt probability: {@code softmax:C} (softmax over the channels,
 * channel C), {@code sigmoid} (of a one-channel logit map) or {@code probability} (a one-channel map
 * used as it is).
 *
 * @param kind the rule
 * @param channel the softmax channel taken (0 for the one-channel rules)
 */
public record OutputActivation(Kind kind, int channel) {
    /** The three rules. */
    public enum Kind {
        /** Softmax over the channel axis, one channel taken. */
        SOFTMAX,
        /** Logistic sigmoid of a one-channel map. */
        SIGMOID,
        /** A one-channel map that already is the probability. */
        PROBABILITY
    }

    /** The reference network's head: softmax over two channels, channel 1 (salt). */
    public static final OutputActivation SOFTMAX_SALT = new OutputActivation(Kind.SOFTMAX, 1);

    public OutputActivation {
        if (kind == null) {
            throw new IllegalArgumentException("an output activation needs a kind");
        }
        if (channel < 0 || (kind != Kind.SOFTMAX && channel != 0)) {
            throw new IllegalArgumentException("bad channel " + channel + " for " + kind);
        }
    }

    /**
     * Parses {@code softmax:C}, {@code sigmoid} or {@code probability}.
     *
     * @throws IllegalArgumentException saying what is expected
     */
    public static OutputActivation parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("sigmoid")) {
            return new OutputActivation(Kind.SIGMOID, 0);
        }
        if (t.equals("probability")) {
            return new OutputActivation(Kind.PROBABILITY, 0);
        }
        if (t.startsWith("softmax:") && t.substring(8).matches("[0-9]{1,4}")) {
            return new OutputActivation(Kind.SOFTMAX, Integer.parseInt(t.substring(8)));
        }
        throw new IllegalArgumentException("unknown output activation '" + text
                + "', expected softmax:C (C the salt channel, e.g. softmax:1), sigmoid or probability");
    }

    /** Channels the output needs at least: C + 1 for softmax, else exactly 1. */
    public int minChannels() {
        return kind == Kind.SOFTMAX ? channel + 1 : 1;
    }

    /**
     * Checks an output's channel count against the rule.
     *
     * @return null when it fits, else why not
     */
    public String mismatch(long channels) {
        if (kind == Kind.SOFTMAX && channels <= channel) {
            return "softmax:" + channel + " needs at least " + (channel + 1) + " channels, the output has " + channels;
        }
        if (kind != Kind.SOFTMAX && channels != 1) {
            return word() + " needs a 1-channel output, it has " + channels + " (use softmax:C for a multi-class output)";
        }
        return null;
    }

    /**
     * The probability map of {@code pixels} positions from a channel-major output of {@code channels} maps.
     *
     * @param output {@code channels * pixels} values (one image, CHW)
     */
    public float[] apply(float[] output, int channels, int pixels) {
        String problem = mismatch(channels);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (output.length != channels * pixels) {
            throw new IllegalArgumentException("expected " + channels + " x " + pixels + " values, got " + output.length);
        }
        float[] p = new float[pixels];
        for (int i = 0; i < pixels; i++) {
            p[i] = switch (kind) {
                case PROBABILITY -> output[i];
                case SIGMOID -> (float) (1 / (1 + Math.exp(-(double) output[i])));
                case SOFTMAX -> softmax(output, channels, pixels, i);
            };
        }
        return p;
    }

    private float softmax(float[] output, int channels, int pixels, int i) {
        double chosen = output[channel * pixels + i];
        double sum = 0;
        for (int c = 0; c < channels; c++) {
            sum += Math.exp(output[c * pixels + i] - chosen);
        }
        return (float) (1 / sum);
    }

    /** As written on the command line: {@code softmax:1}, {@code sigmoid}, {@code probability}. */
    public String word() {
        return kind == Kind.SOFTMAX ? "softmax:" + channel : kind.name().toLowerCase(Locale.ROOT);
    }
}

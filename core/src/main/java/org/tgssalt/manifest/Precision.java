package org.tgssalt.manifest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The number format a graph computes in: {@code fp32} (float32 throughout) or {@code int8} (QDQ graph:
 * 8-bit weights and activations around the convolutions, the rest float32). Written in the manifest and
 * accepted by {@code --precision} in its lower-case name.
 */
public enum Precision {
    /** float32 throughout; every manifest has these graphs. */
    FP32,
    /** calibrated QDQ int8 graphs, listed in the manifest's optional {@code int8} section. */
    INT8;

    /** The name in manifests and on the command line: {@code fp32} or {@code int8}. */
    @JsonValue
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@link #text()}; null means {@link #FP32} (graphs written before precisions existed).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    @JsonCreator
    public static Precision parse(String text) {
        if (text == null) {
            return FP32;
        }
        for (Precision p : values()) {
            if (p.text().equals(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("precision must be one of " + choices() + ", got '" + text + "'");
    }

    /** {@code fp32|int8}, for usage texts. */
    public static String choices() {
        return Arrays.stream(values()).map(Precision::text).collect(Collectors.joining("|"));
    }
}

package org.tgssalt.scoring;

import java.util.Locale;

/** What folder scoring does with an image it cannot read. */
public enum OnError {
    /** Stop before writing anything, naming the first bad image. */
    FAIL,
    /** Score the rest and list the bad images in the report. */
    SKIP;

    /**
     * Parses {@code fail} or {@code skip}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static OnError parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "fail" -> FAIL;
            case "skip" -> SKIP;
            default -> throw new IllegalArgumentException("must be fail or skip, got '" + text + "'");
        };
    }
}

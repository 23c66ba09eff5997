package org.tgssalt.manifest;

import java.util.regex.Pattern;

/** The rule for digests in a manifest: 64 lower-case hex characters. */
final class Sha256Text {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private Sha256Text() {}

    static void check(String file, String sha256) {
        if (sha256 == null || !HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("graph " + file + ": sha256 must be 64 lower-case hex characters, got '"
                    + sha256 + "'");
        }
    }
}

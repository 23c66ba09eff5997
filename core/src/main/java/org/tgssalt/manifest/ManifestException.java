package org.tgssalt.manifest;

import org.tgssalt.InputException;

/**
 * An ensemble manifest or one of the graphs it names cannot be used: missing, not JSON, an unknown
 * schema version, a missing fold file, a hash mismatch, a graph whose inputs differ from the manifest.
 * The message names the file and says what was expected and what was found.
 */
public class ManifestException extends InputException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source the file at fault (manifest or graph)
     * @param problem what is wrong with it
     */
    public ManifestException(String source, String problem) {
        super(source, problem);
    }

    /** Same, keeping the underlying cause. */
    public ManifestException(String source, String problem, Throwable cause) {
        super(source, problem, cause);
    }
}

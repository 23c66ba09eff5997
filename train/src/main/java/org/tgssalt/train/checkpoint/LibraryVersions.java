package org.tgssalt.train.checkpoint;

import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * The software a checkpoint was made with, for provenance.
 *
 * @param djl DJL version
 * @param pytorch the PyTorch native library version
 * @param java the Java runtime version
 * @param os operating system name, version and architecture
 */
public record LibraryVersions(String djl, String pytorch, String java, String os) {
    /** The versions in this process (starts the PyTorch engine if it is not running). */
    public static LibraryVersions current() {
        Engine engine = Engine.getEngine("PyTorch");
        return new LibraryVersions(Engine.getDjlVersion(), engine.getVersion(), Runtime.version().toString(),
                String.format(Locale.ROOT, "%s %s %s", System.getProperty("os.name"),
                        System.getProperty("os.version"), System.getProperty("os.arch")));
    }
}

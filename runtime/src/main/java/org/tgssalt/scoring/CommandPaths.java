package org.tgssalt.scoring;

import java.nio.file.Files;
import java.nio.file.Path;
import org.tgssalt.manifest.EnsembleManifest;

/**
 * Paths on the scoring command lines: relative defaults resolve against the installation
 * ({@code tgs.home} system property, set by the {@code ./tgs} launcher) or else the working folder;
 * paths a user types resolve against the working folder as usual.
 */
final class CommandPaths {
    private CommandPaths() {}

    /** {@code relative} under {@code tgs.home} when that property is set, else as given. */
    static Path defaultPath(String relative) {
        String home = System.getProperty("tgs.home");
        return home == null || home.isBlank() ? Path.of(relative) : Path.of(home).resolve(relative);
    }

    /** The manifest of a {@code --models} value: a folder's {@code ensemble.json}, or the file itself. */
    static Path manifest(Path models) {
        return Files.isDirectory(models) ? models.resolve(EnsembleManifest.FILE_NAME) : models;
    }
}

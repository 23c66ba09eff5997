package org.tgssalt.scoring;

import java.nio.file.Path;
import org.tgssalt.ensemble.EnsembleOptions;

/**
 * What to score and where the results go.
 *
 * @param manifest the ensemble's {@code ensemble.json}
 * @param images the folder of 101x101 PNG images ({@code ID.png})
 * @param submission the submission CSV to write ({@code id,rle_mask}); the JSON report goes beside it
 * @param probabilities folder for 8-bit probability PNGs, or null for none
 * @param overlays folder for outline overlays, or null for none
 * @param onError what to do with an unreadable image
 * @param ensemble how the ensemble runs
 */
public record ScoreSettings(Path manifest, Path images, Path submission, Path probabilities, Path overlays,
        OnError onError, EnsembleOptions ensemble) {
    public ScoreSettings {
        if (manifest == null || images == null || submission == null || onError == null || ensemble == null) {
            throw new IllegalArgumentException("manifest, images, submission, onError and ensemble are required");
        }
    }

    /** The JSON report's path: beside the submission, {@code NAME.report.json}. */
    public Path report() {
        String name = submission.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return submission.resolveSibling(stem + ".report.json");
    }
}

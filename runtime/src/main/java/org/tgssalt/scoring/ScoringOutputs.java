package org.tgssalt.scoring;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.function.Consumer;
import org.tgssalt.dataset.SubmissionCsv;
import org.tgssalt.io.AtomicFile;
import org.tgssalt.io.StagedFolder;
import org.tgssalt.io.TemporaryFiles;

/**
 * The outputs of one scoring run, all or nothing: the per-image PNGs go into staging folders
 * ({@link StagedFolder}) while the images are scored; {@link #commit} then writes the submission
 * and the report in full to temporary files, and only then replaces all four with renames inside one
 * {@link TemporaryFiles#commit}, so a {@code TERM} finds either the earlier outputs or the new ones.
 * A run that fails or is stopped before the commit leaves every earlier output as it was.
 *
 * <p>Only a {@code kill -9} (or a crash of the machine) in the microseconds between those renames can
 * leave a mix: say, the new submission beside the earlier overlays. A folder caught between its own
 * two renames is put back by the next run ({@link StagedFolder}).
 *
 * <p>Not thread-safe: one scoring thread.
 */
final class ScoringOutputs implements AutoCloseable {
    private final ScoreSettings settings;
    private final StagedFolder probabilities;
    private final StagedFolder overlays;

    private ScoringOutputs(ScoreSettings settings, StagedFolder probabilities, StagedFolder overlays) {
        this.settings = settings;
        this.probabilities = probabilities;
        this.overlays = overlays;
    }

    /**
     * Opens the staging folders of the asked-for per-image outputs, cleaning up after interrupted
     * runs (said through {@code notes}).
     */
    static ScoringOutputs open(ScoreSettings settings, Consumer<String> notes) throws IOException {
        StagedFolder probabilities = settings.probabilities() == null ? null
                : StagedFolder.open(settings.probabilities(), notes);
        try {
            StagedFolder overlays = settings.overlays() == null ? null : StagedFolder.open(settings.overlays(), notes);
            return new ScoringOutputs(settings, probabilities, overlays);
        } catch (IOException | RuntimeException e) {
            if (probabilities != null) {
                probabilities.close();
            }
            throw e;
        }
    }

    /** Where image {@code id}'s probability PNG goes for now, or null when not asked for. */
    Path probabilityFile(String id) {
        return probabilities == null ? null : probabilities.path().resolve(id + ".png");
    }

    /** Where image {@code id}'s overlay goes for now, or null when not asked for. */
    Path overlayFile(String id) {
        return overlays == null ? null : overlays.path().resolve(id + ".png");
    }

    /**
     * Writes the submission and the report, then replaces every output at once.
     *
     * @throws IOException naming the file that could not be written; the earlier outputs are then unchanged
     */
    void commit(SortedMap<String, String> encodings, ScoreReport report) throws IOException {
        try (AtomicFile.Pending csv = SubmissionCsv.prepareEncodings(settings.submission(), encodings);
                AtomicFile.Pending json = report.prepare(settings.report())) {
            TemporaryFiles.process().commit(() -> {
                csv.commit();
                json.commit();
                if (probabilities != null) {
                    probabilities.commit();
                }
                if (overlays != null) {
                    overlays.commit();
                }
            });
        }
    }

    /** Deletes the staging folders (not committed) or the earlier sets (committed). */
    @Override
    public void close() {
        if (probabilities != null) {
            probabilities.close();
        }
        if (overlays != null) {
            overlays.close();
        }
    }
}

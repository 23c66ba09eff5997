package org.tgssalt.train.checkpoint;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code state.json} of an epoch snapshot ({@link EpochSnapshots}): where a run stood after its last completed
 * epoch, and the SHA-256 of every other file of the snapshot so that a damaged one is found before it is used.
 *
 * @param schemaVersion format version, {@link #SCHEMA_VERSION}
 * @param checkpoint the fold's metadata after that epoch: settings, epochs trained, best epoch and score
 * @param validationHash SHA-256 of the sorted validation ids ({@link DataIdentity#hash})
 * @param stepRows rows of the fold's {@code steps.csv} that belong to the completed epochs
 * @param files the snapshot's other files by name, with their SHA-256
 */
public record TrainingState(int schemaVersion, CheckpointInfo checkpoint, String validationHash, long stepRows,
                            Map<String, String> files) {
    /** The current {@link #schemaVersion()}. */
    public static final int SCHEMA_VERSION = 1;

    public TrainingState {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(validationHash, "validationHash");
        if (stepRows < 0) {
            throw new IllegalArgumentException("stepRows must be >= 0, got " + stepRows);
        }
        files = files == null ? Map.of() : new TreeMap<>(files);
    }

    /** Epochs completed. */
    public int epochsCompleted() {
        return checkpoint.epochsTrained();
    }

    /** What a continuing run must match. */
    public RunIdentity identity() {
        return RunIdentity.of(checkpoint, validationHash);
    }

    /** The same state listing {@code digests} as its files. */
    public TrainingState withFiles(Map<String, String> digests) {
        return new TrainingState(schemaVersion, checkpoint, validationHash, stepRows, digests);
    }
}

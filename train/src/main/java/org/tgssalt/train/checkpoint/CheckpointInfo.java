package org.tgssalt.train.checkpoint;

import java.util.Objects;
import org.tgssalt.train.model.SaltNetConfig;

/**
 * The JSON sidecar of a fold checkpoint ({@code checkpoint.json}): what the parameters in
 * {@code saltnet.params} are, how they were trained, and how good they are.
 *
 * @param schemaVersion format version of this record, {@link #SCHEMA_VERSION}
 * @param fold the fold, 1-based
 * @param folds number of folds of the split
 * @param architecture the network settings needed to rebuild the network
 * @param training how it was trained
 * @param bestEpoch the epoch (1-based) whose parameters were saved
 * @param bestScore validation mAP of that epoch
 * @param epochsTrained epochs completed when the checkpoint was written
 * @param trainingSamples number of training ids
 * @param validationSamples number of validation ids
 * @param dataHash SHA-256 of the sorted training ids, one per line (tells runs on different data apart)
 * @param topology whether the topology loss was used, and why
 * @param libraries the software versions
 */
public record CheckpointInfo(int schemaVersion, int fold, int folds, SaltNetConfig architecture,
                             TrainingSettings training, int bestEpoch, double bestScore, int epochsTrained,
                             int trainingSamples, int validationSamples, String dataHash, TopologyState topology,
                             LibraryVersions libraries) {
    /** The current {@link #schemaVersion()}. */
    public static final int SCHEMA_VERSION = 1;

    public CheckpointInfo {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(libraries, "libraries");
        if (fold < 1 || fold > folds) {
            throw new IllegalArgumentException("fold must be in 1.." + folds + ", got " + fold);
        }
    }
}

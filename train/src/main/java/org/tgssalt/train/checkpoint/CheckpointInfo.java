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
 * @see #builder()
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

    /**
     * A builder that names every field; all must be set except the schema version (default
     * {@link #SCHEMA_VERSION}):
     *
     * <pre>{@code
     * CheckpointInfo info = CheckpointInfo.builder().fold(2).folds(10).architecture(config).training(settings)
     *         .bestEpoch(3).bestScore(0.75).epochsTrained(3).trainingSamples(90).validationSamples(10)
     *         .dataHash(hash).topology(TopologyState.off("no --vgg19")).libraries(LibraryVersions.current())
     *         .build();
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link CheckpointInfo}; {@link #build()} names a field left unset. Not thread-safe. */
    public static final class Builder {
        private int schemaVersion = SCHEMA_VERSION;
        private Integer fold;
        private Integer folds;
        private SaltNetConfig architecture;
        private TrainingSettings training;
        private Integer bestEpoch;
        private Double bestScore;
        private Integer epochsTrained;
        private Integer trainingSamples;
        private Integer validationSamples;
        private String dataHash;
        private TopologyState topology;
        private LibraryVersions libraries;

        private Builder() {}

        /** Format version; default {@link #SCHEMA_VERSION}. */
        public Builder schemaVersion(int value) {
            schemaVersion = value;
            return this;
        }

        /** The fold, 1-based. */
        public Builder fold(int value) {
            fold = value;
            return this;
        }

        /** Number of folds of the split. */
        public Builder folds(int value) {
            folds = value;
            return this;
        }

        /** The network settings needed to rebuild the network. */
        public Builder architecture(SaltNetConfig value) {
            architecture = value;
            return this;
        }

        /** How it was trained. */
        public Builder training(TrainingSettings value) {
            training = value;
            return this;
        }

        /** The epoch (1-based) whose parameters were saved. */
        public Builder bestEpoch(int value) {
            bestEpoch = value;
            return this;
        }

        /** Validation mAP of that epoch. */
        public Builder bestScore(double value) {
            bestScore = value;
            return this;
        }

        /** Epochs completed when the checkpoint was written. */
        public Builder epochsTrained(int value) {
            epochsTrained = value;
            return this;
        }

        /** Number of training ids. */
        public Builder trainingSamples(int value) {
            trainingSamples = value;
            return this;
        }

        /** Number of validation ids. */
        public Builder validationSamples(int value) {
            validationSamples = value;
            return this;
        }

        /** SHA-256 of the sorted training ids, one per line. */
        public Builder dataHash(String value) {
            dataHash = value;
            return this;
        }

        /** Whether the topology loss was used, and why. */
        public Builder topology(TopologyState value) {
            topology = value;
            return this;
        }

        /** The software versions. */
        public Builder libraries(LibraryVersions value) {
            libraries = value;
            return this;
        }

        /**
         * The record.
         *
         * @throws NullPointerException naming a field left unset
         * @throws IllegalArgumentException when the fold is outside 1..folds
         */
        public CheckpointInfo build() {
            return new CheckpointInfo(schemaVersion, set(fold, "fold"), set(folds, "folds"),
                    set(architecture, "architecture"), set(training, "training"), set(bestEpoch, "bestEpoch"),
                    set(bestScore, "bestScore"), set(epochsTrained, "epochsTrained"),
                    set(trainingSamples, "trainingSamples"), set(validationSamples, "validationSamples"),
                    set(dataHash, "dataHash"), set(topology, "topology"), set(libraries, "libraries"));
        }

        private static <T> T set(T value, String name) {
            return Objects.requireNonNull(value, () -> "CheckpointInfo." + name + " is not set");
        }
    }
}

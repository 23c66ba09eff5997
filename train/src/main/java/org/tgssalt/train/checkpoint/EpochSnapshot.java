package org.tgssalt.train.checkpoint;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An epoch snapshot on disk, read back and verified by {@link EpochSnapshots#latest}: every file listed in its
 * {@code state.json} is present with the recorded SHA-256.
 *
 * @param directory the snapshot folder, {@code FOLD/state/epoch-NNNN}
 * @param state its {@code state.json}
 */
public record EpochSnapshot(Path directory, TrainingState state) {
    /** The network's parameters after the epoch ({@code parameters.params}). */
    public Path parameters() {
        return directory.resolve(EpochSnapshots.PARAMETERS_FILE);
    }

    /** Adam's state after the epoch ({@code optimizer.ndlist}). */
    public Path optimizer() {
        return directory.resolve(EpochSnapshots.OPTIMIZER_FILE);
    }

    /** The history of the completed epochs ({@code history.csv}). */
    public Path history() {
        return directory.resolve(EpochSnapshots.HISTORY_FILE);
    }

    /** The best epoch's parameters ({@code best.params}), absent while no epoch has scored. */
    public Optional<Path> bestParameters() {
        return state.files().containsKey(EpochSnapshots.BEST_PARAMETERS_FILE)
                ? Optional.of(directory.resolve(EpochSnapshots.BEST_PARAMETERS_FILE))
                : Optional.empty();
    }

    /** The {@code state.json} file, for messages. */
    public Path stateFile() {
        return directory.resolve(EpochSnapshots.STATE_FILE);
    }
}

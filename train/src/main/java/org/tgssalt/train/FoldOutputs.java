package org.tgssalt.train;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tgssalt.io.AtomicFile;
import org.tgssalt.io.IoConsumer;
import org.tgssalt.train.checkpoint.CheckpointInfo;
import org.tgssalt.train.checkpoint.Checkpoints;
import org.tgssalt.train.checkpoint.EpochSnapshot;
import org.tgssalt.train.checkpoint.EpochSnapshots;
import org.tgssalt.train.checkpoint.TrainingState;
import org.tgssalt.train.model.SaltNet;
import org.tgssalt.train.report.CurvesPlot;
import org.tgssalt.train.report.EpochRecord;
import org.tgssalt.train.report.TrainingHistory;

/**
 * The files of a fold directory while it trains. After each epoch, {@link #commit} writes first the epoch snapshot
 * ({@link EpochSnapshots}: the point a continued run starts from, complete or absent), then the files people and
 * {@code export} read: {@code saltnet.params} when the epoch is the best so far, {@code checkpoint.json},
 * {@code history.csv} and {@code curves.png} (each atomic). A process killed between the two leaves those files one
 * epoch behind the snapshot; {@link #restore} rewrites them from it. Not thread-safe.
 */
final class FoldOutputs {
    private final Path foldDir;
    private final String name;
    /** The best parameters in the latest snapshot, copied into the next one while the best epoch stays. */
    private Path bestParameters;

    /**
     * @param foldDir the fold directory
     * @param name the fold's name for the curves' title
     */
    FoldOutputs(Path foldDir, String name) {
        this.foldDir = foldDir;
        this.name = name;
    }

    /**
     * Records a completed epoch.
     *
     * @param progress the progress including the epoch
     * @param info the fold's metadata after the epoch
     * @param validationHash SHA-256 of the sorted validation ids
     * @param net the network after the epoch
     * @param step holds the optimiser's state
     * @param best whether the epoch is the best so far (its parameters become the checkpoint)
     */
    void commit(FoldProgress progress, CheckpointInfo info, String validationHash, SaltNet net, TrainingStep step,
                boolean best) throws IOException {
        byte[] history = TrainingHistory.of(progress.history()).csv();
        Map<String, IoConsumer<OutputStream>> files = new LinkedHashMap<>();
        files.put(EpochSnapshots.PARAMETERS_FILE, out -> Checkpoints.writeParameters(net, out));
        files.put(EpochSnapshots.OPTIMIZER_FILE, step::saveOptimizer);
        if (best) {
            files.put(EpochSnapshots.BEST_PARAMETERS_FILE, out -> Checkpoints.writeParameters(net, out));
        } else if (bestParameters != null) {
            Path previous = bestParameters;
            files.put(EpochSnapshots.BEST_PARAMETERS_FILE, out -> Files.copy(previous, out));
        }
        files.put(EpochSnapshots.HISTORY_FILE, out -> out.write(history));
        TrainingState state = new TrainingState(TrainingState.SCHEMA_VERSION, info, validationHash,
                progress.stepRows(), Map.of());
        EpochSnapshot snapshot = EpochSnapshots.write(foldDir, state, files);
        bestParameters = snapshot.bestParameters().orElse(null);
        if (best) {
            Checkpoints.save(foldDir, net, info);
        } else {
            Checkpoints.writeInfo(foldDir, info);
        }
        writeHistory(progress.history());
    }

    /**
     * Makes the fold's files those of {@code snapshot}, the epoch a stopped run continues after: the best parameters,
     * the metadata, the history and its curves.
     */
    void restore(EpochSnapshot snapshot, List<EpochRecord> history) throws IOException {
        bestParameters = snapshot.bestParameters().orElse(null);
        if (bestParameters != null) {
            Path best = bestParameters;
            AtomicFile.write(foldDir.resolve(Checkpoints.PARAMETERS_FILE), out -> Files.copy(best, out));
        }
        Checkpoints.writeInfo(foldDir, snapshot.state().checkpoint());
        writeHistory(history);
    }

    /** Removes the snapshots once the fold is complete: nothing is left to continue. */
    void finish() throws IOException {
        EpochSnapshots.discard(foldDir);
        bestParameters = null;
    }

    private void writeHistory(List<EpochRecord> epochs) throws IOException {
        TrainingHistory.of(epochs).write(foldDir);
        new CurvesPlot().write(epochs, name, foldDir);
    }
}

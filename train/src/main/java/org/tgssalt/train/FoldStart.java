package org.tgssalt.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.tgssalt.InputException;
import org.tgssalt.oof.OutOfFoldProbabilities;
import org.tgssalt.train.checkpoint.CheckpointInfo;
import org.tgssalt.train.checkpoint.Checkpoints;
import org.tgssalt.train.checkpoint.EpochSnapshot;
import org.tgssalt.train.checkpoint.EpochSnapshots;
import org.tgssalt.train.checkpoint.RunIdentity;
import org.tgssalt.train.report.EpochRecord;
import org.tgssalt.train.report.TrainingHistory;

/**
 * Where a fold's training starts, decided from what its directory holds ({@link #inspect}): from scratch, from the
 * last completed epoch of a stopped run, or nowhere because the fold has finished.
 */
sealed interface FoldStart {
    /** The checkpoint the fold's run started from ({@code --resume}), as recorded; empty for a fresh fold. */
    Optional<String> resumedFrom();

    /** Train from the first epoch. */
    record Fresh() implements FoldStart {
        @Override
        public Optional<String> resumedFrom() {
            return Optional.empty();
        }
    }

    /** Continue a stopped run after the epoch its latest snapshot recorded. */
    record Continue(EpochSnapshot snapshot) implements FoldStart {
        @Override
        public Optional<String> resumedFrom() {
            return Optional.ofNullable(snapshot.state().checkpoint().training().resumedFrom());
        }
    }

    /**
     * The fold has finished: its checkpoint and out-of-fold probabilities are final.
     *
     * @param info its {@code checkpoint.json}
     * @param history its {@code history.csv}
     */
    record Finished(CheckpointInfo info, List<EpochRecord> history) implements FoldStart {
        @Override
        public Optional<String> resumedFrom() {
            return Optional.ofNullable(info.training().resumedFrom());
        }

        /** The fold's outcome, as when it was trained. */
        FoldTrainer.Result result(Path foldDir) {
            return new FoldTrainer.Result(info.fold(), foldDir, info.bestEpoch(), info.bestScore(), history);
        }
    }

    /**
     * Reads the fold directory and decides; refuses what cannot be done safely.
     *
     * <ul>
     *   <li>A stopped run's snapshot: {@link Continue} when {@code continuing} and the run had the same settings and
     *       data as {@code now}; without {@code continuing} it is refused, so that a repeated command cannot wipe a
     *       long run by accident.
     *   <li>No snapshot, {@code continuing}: {@link Finished} when {@code checkpoint.json} records every epoch and the
     *       out-of-fold probabilities exist (after checking the settings); {@link Fresh} when there is no
     *       {@code checkpoint.json} (the fold had not completed an epoch); refused when it records fewer epochs
     *       (written by a tgs without {@code --continue}, nothing to continue from).
     *   <li>No snapshot, not {@code continuing}: {@link Fresh}, replacing what is there, as before.
     * </ul>
     *
     * @throws InputException naming the file: a damaged snapshot, other settings or data, nothing to continue from
     */
    static FoldStart inspect(Path foldDir, RunIdentity now, boolean continuing) throws IOException {
        Optional<EpochSnapshot> snapshot = EpochSnapshots.latest(foldDir);
        if (snapshot.isPresent()) {
            CheckpointInfo recorded = snapshot.get().state().checkpoint();
            if (!continuing) {
                throw new InputException(foldDir.toString(), String.format(Locale.ROOT, "holds a stopped training run"
                        + " (%d of %d epochs done, state in %s); add --continue %s to pick it up, or choose another"
                        + " --out", recorded.epochsTrained(), recorded.training().epochs(),
                        snapshot.get().directory().getFileName(), runDirectory(foldDir)));
            }
            requireSame(snapshot.get().state().identity(), now, snapshot.get().stateFile());
            return new Continue(snapshot.get());
        }
        Path infoFile = foldDir.resolve(Checkpoints.INFO_FILE);
        if (!continuing || !Files.isRegularFile(infoFile)) {
            return new Fresh();
        }
        CheckpointInfo info = Checkpoints.readInfo(foldDir);
        requireSame(RunIdentity.of(info, null), now, infoFile);
        Path oof = foldDir.resolve(OutOfFoldProbabilities.FOLDER);
        boolean oofWritten = Files.isRegularFile(oof.resolve(OutOfFoldProbabilities.IDS_FILE))
                && Files.isRegularFile(oof.resolve(OutOfFoldProbabilities.PROBABILITIES_FILE));
        if (info.epochsTrained() < info.training().epochs() || !oofWritten) {
            throw new InputException(infoFile.toString(), String.format(Locale.ROOT, "records %d of %d epochs%s, but"
                    + " there is no state to continue from (%s/): the run was written by a tgs without --continue,"
                    + " or the state was removed; start a new stage from it with --resume",
                    info.epochsTrained(), info.training().epochs(), oofWritten ? "" : " and no out-of-fold output",
                    EpochSnapshots.FOLDER));
        }
        return new Finished(info, TrainingHistory.read(foldDir.resolve(TrainingHistory.FILE_NAME)).epochs());
    }

    private static void requireSame(RunIdentity recorded, RunIdentity now, Path source) {
        List<RunIdentity.Difference> differences = now.differencesFrom(recorded);
        if (!differences.isEmpty()) {
            throw new InputException(source.toString(), "the run was trained with other settings or data; --continue"
                    + " needs the same: " + differences.stream().map(Object::toString).collect(Collectors.joining("; "))
                    + " (to change them, start a new run in another --out, or a new stage with --resume)");
        }
    }

    private static Path runDirectory(Path foldDir) {
        return foldDir.getParent() != null ? foldDir.getParent() : foldDir.toAbsolutePath().getParent();
    }
}

package org.tgssalt.train;

import java.nio.file.Path;
import java.util.Optional;
import org.tgssalt.train.checkpoint.TrainingSettings;
import org.tgssalt.train.model.SaltNetConfig;
import org.tgssalt.train.schedule.LearningRateSchedule;

/**
 * Everything that is the same for every fold of a run.
 *
 * @param architecture the network to train
 * @param training the training settings (recorded in each checkpoint)
 * @param schedule the learning-rate schedule
 * @param vgg19 VGG19 weights for the topology loss, or empty to train without it
 * @param resume a checkpoint to start from: a fold directory, or a run directory holding {@code fold-K}
 * @param continueRun whether to continue a stopped run of the same settings in the fold directories (from each fold's
 *     last completed epoch; finished folds are kept, folds not started start)
 * @param workers threads that decode and augment batches
 */
public record FoldSettings(SaltNetConfig architecture, TrainingSettings training, LearningRateSchedule schedule,
                           Optional<Path> vgg19, Optional<Path> resume, boolean continueRun, int workers) {
    public FoldSettings {
        if (workers < 1) {
            throw new IllegalArgumentException("need at least one worker thread, got " + workers);
        }
    }

    /** The same settings, with folds starting from {@code checkpoint} ({@code --resume}) and recording it. */
    public FoldSettings resumingFrom(Path checkpoint) {
        return new FoldSettings(architecture, training.withResumedFrom(checkpoint.toString()), schedule, vgg19,
                Optional.of(checkpoint), continueRun, workers);
    }
}

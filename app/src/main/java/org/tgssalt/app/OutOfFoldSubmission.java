package org.tgssalt.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.tgssalt.dataset.SubmissionCsv;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.oof.OutOfFoldProbabilities;

/**
 * The out-of-fold predictions of a cross-validation run as a submission CSV: every training image's
 * mask predicted by the fold that did not train on it, thresholded at the manifest's (tuned) threshold.
 * {@code evaluate} then scores it against the training masks: an honest estimate of the ensemble's score.
 */
final class OutOfFoldSubmission {
    private OutOfFoldSubmission() {}

    /**
     * @param checkpoints the train output ({@code fold-K/oof/} inside)
     * @param manifest the exported ensemble's {@code ensemble.json}, for the threshold
     * @param target the CSV to write (atomically)
     * @return the number of images written
     */
    static int write(Path checkpoints, Path manifest, Path target) throws IOException {
        double threshold = EnsembleManifest.read(manifest).threshold().value();
        OutOfFoldProbabilities all = OutOfFoldProbabilities.readRun(checkpoints);
        Map<String, BinaryMask> masks = new TreeMap<>();
        for (int i = 0; i < all.size(); i++) {
            masks.put(all.ids().get(i), BinaryMask.threshold(all.probabilities(i), threshold));
        }
        SubmissionCsv.write(target, masks);
        return masks.size();
    }
}

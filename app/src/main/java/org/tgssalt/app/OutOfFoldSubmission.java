package org.tgssalt.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.tgssalt.InputException;
import org.tgssalt.dataset.SubmissionCsv;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.KaggleImage;
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
        List<OutOfFoldProbabilities> parts = new ArrayList<>();
        try (Stream<Path> folds = Files.list(checkpoints)) {
            for (Path fold : folds.filter(p -> p.getFileName().toString().startsWith("fold-")).sorted().toList()) {
                parts.add(OutOfFoldProbabilities.read(fold.resolve("oof")));
            }
        }
        if (parts.isEmpty()) {
            throw new InputException(checkpoints.toString(), "no fold-K folders with out-of-fold probabilities");
        }
        OutOfFoldProbabilities all = OutOfFoldProbabilities.concat(parts);
        Map<String, BinaryMask> masks = new TreeMap<>();
        int size = KaggleImage.SIDE;
        for (int i = 0; i < all.size(); i++) {
            float[] p = all.probabilities(i);
            boolean[] salt = new boolean[p.length];
            for (int k = 0; k < p.length; k++) {
                salt[k] = p[k] >= threshold;
            }
            masks.put(all.ids().get(i), new BinaryMask(size, size, salt));
        }
        SubmissionCsv.write(target, masks);
        return masks.size();
    }
}

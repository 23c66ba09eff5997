package org.tgssalt.metric;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tgssalt.dataset.SubmissionCsv;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.KaggleImage;

/**
 * The {@code evaluate} step as an API: a submission CSV scored with the Kaggle metric against a
 * dataset's true train masks.
 *
 * <pre>{@code
 * TgsDataset data = TgsDataset.at(root);
 * MetricReport report = SubmissionEvaluation.evaluate(data, csv, SubmissionEvaluation.Truth.of(data));
 * }</pre>
 */
public final class SubmissionEvaluation {
    /** Where the true masks come from. */
    public enum Truth {
        /** The mask PNGs in {@code train/masks}. */
        MASKS,
        /** The RLE masks in {@code train.csv}. */
        CSV;

        /** {@link #MASKS} when {@code data} has a {@code train/masks} folder, else {@link #CSV}. */
        public static Truth of(TgsDataset data) {
            return Files.isDirectory(data.trainMasksDir()) ? MASKS : CSV;
        }
    }

    private SubmissionEvaluation() {}

    /**
     * Scores {@code submission} against {@code data}'s masks from {@code truth}.
     *
     * @throws org.tgssalt.InputException naming the file when a mask or the submission cannot be read
     */
    public static MetricReport evaluate(TgsDataset data, Path submission, Truth truth) {
        SortedMap<String, BinaryMask> expected = truth == Truth.MASKS ? readMaskFiles(data) : data.trainCsvMasks();
        Map<String, BinaryMask> predicted = SubmissionCsv.readMasks(submission, KaggleImage.SIDE, KaggleImage.SIDE);
        String truthName = truth == Truth.MASKS ? data.trainMasksDir().toString() : data.trainCsv().toString();
        return KaggleMetric.evaluate(expected, predicted, truthName, submission.toString());
    }

    private static SortedMap<String, BinaryMask> readMaskFiles(TgsDataset data) {
        SortedMap<String, BinaryMask> masks = new TreeMap<>();
        for (String id : data.trainIds()) {
            masks.put(id, data.trainMask(id));
        }
        return masks;
    }
}

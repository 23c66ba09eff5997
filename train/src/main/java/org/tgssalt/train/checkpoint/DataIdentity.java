package org.tgssalt.train.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tgssalt.io.Sha256;

/**
 * Which images a fold trained and validated on, by id: the counts and the SHA-256 of each sorted id list (one id per
 * line, each ending in a newline; the training one is {@link CheckpointInfo#dataHash()}). Two runs on the same
 * dataset, split and {@code --limit} have the same identity; images changed in place under the same ids do not
 * change it.
 *
 * @param trainingSamples number of training ids
 * @param trainingHash SHA-256 of the sorted training ids
 * @param validationSamples number of validation ids
 * @param validationHash SHA-256 of the sorted validation ids, or {@code null} when not recorded (a finished fold's
 *     {@code checkpoint.json} has only the training hash)
 */
public record DataIdentity(int trainingSamples, String trainingHash, int validationSamples, String validationHash) {
    /** The identity of a fold's id lists. */
    public static DataIdentity of(List<String> trainingIds, List<String> validationIds) {
        return new DataIdentity(trainingIds.size(), hash(trainingIds), validationIds.size(), hash(validationIds));
    }

    /** SHA-256 of the sorted ids, one per line: the same for any list of the same ids. */
    public static String hash(List<String> ids) {
        List<String> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        StringBuilder b = new StringBuilder();
        for (String id : sorted) {
            b.append(id).append('\n');
        }
        return Sha256.of(b.toString().getBytes(StandardCharsets.UTF_8));
    }
}

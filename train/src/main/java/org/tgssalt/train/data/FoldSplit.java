package org.tgssalt.train.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The k-fold cross-validation split: the ids, sorted, are shuffled once with a seeded
 * {@link java.util.Random} (the reference uses seed 1234), and fold k (1-based) validates on the k-th
 * of {@code folds} consecutive slices of that permutation and trains on the rest.
 *
 * <p>The permutation is {@link Collections#shuffle(List, Random)} (a Fisher-Yates shuffle whose steps
 * are specified in its Javadoc) driven by {@code java.util.Random}'s specified linear congruential
 * generator, so it is identical on every JVM. It is not numpy's Mersenne-Twister permutation: the
 * folds hold different ids than the reference's, though they are built the same way.
 *
 * <p>Slice k covers positions [floor((k-1) N / folds), floor(k N / folds)), so every id is in exactly
 * one validation slice and slice sizes differ by at most one.
 */
public final class FoldSplit {
    /** The reference's number of folds. */
    public static final int DEFAULT_FOLDS = 10;
    /** The reference's shuffle seed. */
    public static final long DEFAULT_SEED = 1234L;

    private final List<String> permutation;
    private final int folds;

    /**
     * @param ids the training ids in any order (sorted here first, so the split does not depend on file order)
     * @param folds number of folds, 2 or more and at most the number of ids
     * @param seed the shuffle seed
     */
    public FoldSplit(List<String> ids, int folds, long seed) {
        if (folds < 2) {
            throw new IllegalArgumentException("need at least 2 folds, got " + folds);
        }
        if (ids.size() < folds) {
            throw new IllegalArgumentException("cannot split " + ids.size() + " ids into " + folds + " folds");
        }
        List<String> shuffled = new ArrayList<>(ids);
        Collections.sort(shuffled);
        for (int i = 1; i < shuffled.size(); i++) {
            if (shuffled.get(i).equals(shuffled.get(i - 1))) {
                throw new IllegalArgumentException("duplicate id " + shuffled.get(i));
            }
        }
        Collections.shuffle(shuffled, new Random(seed));
        this.permutation = List.copyOf(shuffled);
        this.folds = folds;
    }

    /** Number of folds. */
    public int folds() {
        return folds;
    }

    /** The ids fold {@code fold} (1-based) validates on, in permutation order. */
    public List<String> validation(int fold) {
        checkFold(fold);
        return permutation.subList(start(fold), start(fold + 1));
    }

    /** The ids fold {@code fold} (1-based) trains on: all others, in permutation order. */
    public List<String> training(int fold) {
        checkFold(fold);
        List<String> train = new ArrayList<>(permutation.subList(0, start(fold)));
        train.addAll(permutation.subList(start(fold + 1), permutation.size()));
        return List.copyOf(train);
    }

    private void checkFold(int fold) {
        if (fold < 1 || fold > folds) {
            throw new IllegalArgumentException("fold must be in 1.." + folds + ", got " + fold);
        }
    }

    /** First permutation position of slice {@code fold}; {@code start(folds + 1)} is the end. */
    private int start(int fold) {
        return (int) ((long) (fold - 1) * permutation.size() / folds);
    }
}

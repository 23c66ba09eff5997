package org.tgssalt.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FoldSplitTest {
    private static List<String> ids(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("id%05d", i)).toList();
    }

    @Test
    void validationSlicesCoverEveryIdOnceAndTrainingIsTheRest() {
        List<String> ids = ids(4003);
        FoldSplit split = new FoldSplit(ids, 10, 1234);
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int fold = 1; fold <= 10; fold++) {
            List<String> val = split.validation(fold);
            List<String> train = split.training(fold);
            assertTrue(val.size() == 400 || val.size() == 401, "fold " + fold + " size " + val.size());
            assertEquals(ids.size(), val.size() + train.size());
            Set<String> trainSet = new HashSet<>(train);
            assertEquals(train.size(), trainSet.size());
            for (String id : val) {
                assertTrue(seen.add(id), id + " validated twice");
                assertTrue(!trainSet.contains(id), id + " both trained and validated in fold " + fold);
            }
            total += val.size();
        }
        assertEquals(ids.size(), total);
        assertEquals(new HashSet<>(ids), seen);
    }

    @Test
    void splitDependsOnSeedNotOnInputOrder() {
        List<String> ids = ids(100);
        List<String> reversed = new ArrayList<>(ids);
        Collections.reverse(reversed);
        assertEquals(new FoldSplit(ids, 10, 1234).validation(3), new FoldSplit(reversed, 10, 1234).validation(3));
        assertNotEquals(new FoldSplit(ids, 10, 1234).validation(3), new FoldSplit(ids, 10, 99).validation(3));
        // a shuffle, not the sorted order
        assertNotEquals(ids.subList(0, 10), new FoldSplit(ids, 10, 1234).validation(1));
    }

    @Test
    void rejectsBadFoldsAndDuplicates() {
        FoldSplit split = new FoldSplit(ids(20), 10, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> split.validation(11));
        assertEquals("fold must be in 1..10, got 11", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> split.training(0));
        assertThrows(IllegalArgumentException.class, () -> new FoldSplit(List.of("a", "b", "a"), 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new FoldSplit(ids(5), 10, 1));
    }
}

package org.tgssalt.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchPlanTest {
    @Test
    void keepsPartialLastBatch() {
        BatchPlan plan = BatchPlan.of(List.of("a", "b", "c", "d", "e"), 2, true);
        assertEquals(List.of(List.of("a", "b"), List.of("c", "d"), List.of("e")).subList(0, 2),
                plan.batches().subList(0, 2));
        // a lone last sample cannot train batch normalisation: set aside and reported
        assertEquals(Optional.of("e"), plan.droppedId());
        assertEquals(4, plan.samples());
        BatchPlan three = BatchPlan.of(List.of("a", "b", "c", "d", "e"), 3, true);
        assertEquals(List.of(List.of("a", "b", "c"), List.of("d", "e")), three.batches());
        assertTrue(three.droppedId().isEmpty());
    }

    @Test
    void validationKeepsEverySample() {
        BatchPlan plan = BatchPlan.of(List.of("a", "b", "c"), 2, false);
        assertEquals(List.of(List.of("a", "b"), List.of("c")), plan.batches());
        assertTrue(plan.droppedId().isEmpty());
    }
}

package org.tgssalt.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tgssalt.manifest.Precision;

/** {@link SaltSegmenter#precision()} reaches the executors' ensemble options; fp32 by default. */
class ScoringSpecPrecisionTest {
    @Test
    void precisionTravelsInTheSpec() {
        SaltSegmenter segmenter = new SaltSegmenter().setModelsPath("/models");
        assertEquals(Precision.FP32, segmenter.spec().ensembleOptions().precision());
        assertEquals(Precision.INT8, segmenter.setPrecision("int8").spec().ensembleOptions().precision());
    }

    @Test
    void unknownPrecisionIsRefusedByTheParam() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SaltSegmenter().setPrecision("int4"));
        assertEquals(true, e.getMessage().contains("precision"), e.getMessage());
    }
}

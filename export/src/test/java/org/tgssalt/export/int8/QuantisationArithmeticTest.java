package org.tgssalt.export.int8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Weight, bias and activation quantisation and the percentile, against values worked out by hand. */
class QuantisationArithmeticTest {
    @Test
    void weightsAreSymmetricPerOutputChannel() {
        // channel 0: max |w| 2.54 -> scale 0.02, values / 0.02 = 127, -63.5 (rounds to -63: Math.round -> -63), 0.5 -> 25
        // channel 1: all zero -> scale 1, values 0
        ChannelWeights q = ChannelWeights.of(new float[] {2.54f, -1.27f, 0.5f, 0f, 0f, 0f}, 2, 127);
        assertArrayEquals(new float[] {0.02f, 1f}, q.scales(), 1e-7f);
        assertArrayEquals(new byte[] {127, -63, 25, 0, 0, 0}, q.values());
        // 7-bit: scale 2.54 / 63; 2.54 -> 63, -1.27 -> -31.5 -> -31, 0.5 -> 12.4 -> 12
        ChannelWeights seven = ChannelWeights.of(new float[] {2.54f, -1.27f, 0.5f}, 1, 63);
        assertArrayEquals(new byte[] {63, -31, 12}, seven.values());
    }

    @Test
    void biasIsStoredAtTheAccumulatorScale() {
        ChannelWeights q = ChannelWeights.of(new float[] {2.54f, 1f}, 2, 127); // scales 0.02 and 1/127
        // input scale 0.5: accumulator scales 0.01 and 0.5/127; bias 0.123 -> 12.3 -> 12; -1 -> -254
        assertArrayEquals(new int[] {12, -254}, q.bias(new float[] {0.123f, -1f}, 0.5f, "conv"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> q.bias(new float[] {1e9f, 0}, 1e-6f, "enc1/conv"));
        assertTrue(e.getMessage().startsWith("enc1/conv: bias 1.0E9 of channel 0 overflows int32 at scale "),
                e.getMessage());
    }

    @Test
    void activationRangesHoldZeroExactly() {
        ActivationRange relu = new ActivationRange(0.2f, 5.1f); // widened to [0, 5.1]
        assertEquals(0f, relu.min());
        assertEquals(0.02f, relu.scale(), 1e-7f);
        assertEquals(0, relu.zeroPoint());
        ActivationRange signed = new ActivationRange(-1.0f, 1.55f); // scale 0.01, zero point 100
        assertEquals(0.01f, signed.scale(), 1e-7f);
        assertEquals(100, signed.zeroPoint());
        assertEquals(1f, new ActivationRange(0f, 0f).scale());
    }

    @Test
    void percentileCutsTheRareTails() {
        ValueHistogram h = new ValueHistogram();
        float[] values = new float[100_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 2 == 0 ? 0f : 1f;
        }
        values[0] = -100f; // one outlier each side: 1e-5 of the values
        values[1] = 100f;
        h.observeRange(values);
        h.count(values);
        assertEquals(new ActivationRange(-100f, 100f), h.minMax());
        ActivationRange p = h.percentile(99.99); // 10 values may go each side: the outliers do
        float bin = 200f / ValueHistogram.BINS;
        assertEquals(0f, p.min(), bin); // the lower edge of 0's bin
        assertEquals(1f, p.max(), 2 * bin); // the upper edge of 1's bin
    }
}

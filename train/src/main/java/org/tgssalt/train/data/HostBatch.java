package org.tgssalt.train.data;

import java.util.List;

/**
 * A batch ready for the network, still in Java memory: padded, normalised images and padded labels,
 * each {@code n * side * side} floats in NCHW order with one channel. The arrays are owned by the record.
 *
 * @param ids the sample ids in batch order
 * @param side the padded side (129)
 * @param images network inputs, {@code [n,1,side,side]} flattened
 * @param labels class labels 0/1, {@code [n,side,side]} flattened
 */
public record HostBatch(List<String> ids, int side, float[] images, float[] labels) {
    public HostBatch {
        ids = List.copyOf(ids);
        int expected = ids.size() * side * side;
        if (images.length != expected || labels.length != expected) {
            throw new IllegalArgumentException("batch of " + ids.size() + " at " + side + "x" + side + " needs "
                    + expected + " values, got " + images.length + " images and " + labels.length + " labels");
        }
    }

    /** Number of samples. */
    public int size() {
        return ids.size();
    }
}

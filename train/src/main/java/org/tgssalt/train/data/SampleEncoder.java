package org.tgssalt.train.data;

import java.util.ArrayList;
import java.util.List;
import org.tgssalt.geometry.PixelNormalization;
import org.tgssalt.geometry.SymmetricPadding;
import org.tgssalt.image.KaggleImage;

/**
 * Turns samples into network input: each image is normalised ({@link PixelNormalization}) and padded
 * symmetrically from 101 to 129 ({@link SymmetricPadding#KAGGLE}); each mask is padded the same way, so
 * the loss also covers the padded border, as in the reference. Stateless and thread-safe.
 */
public final class SampleEncoder {
    private static final SymmetricPadding PADDING = SymmetricPadding.KAGGLE;
    /** Side of the encoded planes (129). */
    public static final int SIDE = SymmetricPadding.PADDED_SIZE;

    /** Encodes a batch of samples, in order. */
    public HostBatch encode(List<TrainingSample> samples) {
        int plane = SIDE * SIDE;
        float[] images = new float[samples.size() * plane];
        float[] labels = new float[samples.size() * plane];
        List<String> ids = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            TrainingSample s = samples.get(i);
            ids.add(s.id());
            PADDING.pad(PixelNormalization.normalize(s.image()), 0, KaggleImage.SIDE, KaggleImage.SIDE, images, i * plane);
            PADDING.pad(s.mask(), 0, KaggleImage.SIDE, KaggleImage.SIDE, labels, i * plane);
        }
        return new HostBatch(ids, SIDE, images, labels);
    }
}

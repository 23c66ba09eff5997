package org.tgssalt.train.data;

import java.util.Objects;
import org.tgssalt.image.KaggleImage;

/**
 * One 101x101 training image and its mask as plain arrays, row-major ({@code [y * 101 + x]}).
 * The image holds gray values in [0, 1]; the mask holds 0 (background) or 1 (salt). The arrays are
 * owned by the record: callers must not modify them after construction.
 *
 * @param id the sample's id (file name without {@code .png})
 * @param image 101 * 101 gray values in [0, 1]
 * @param mask 101 * 101 class labels, 0 or 1
 */
public record TrainingSample(String id, float[] image, float[] mask) {

    public TrainingSample {
        Objects.requireNonNull(id, "id");
        if (image.length != KaggleImage.SIDE * KaggleImage.SIDE || mask.length != KaggleImage.SIDE * KaggleImage.SIDE) {
            throw new IllegalArgumentException("sample " + id + ": expected " + KaggleImage.SIDE * KaggleImage.SIDE
                    + " image and mask values, got " + image.length + " and " + mask.length);
        }
    }
}

package org.tgssalt.train.data;

import java.util.Objects;

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
    /** Side of every TGS image. */
    public static final int SIZE = 101;

    public TrainingSample {
        Objects.requireNonNull(id, "id");
        if (image.length != SIZE * SIZE || mask.length != SIZE * SIZE) {
            throw new IllegalArgumentException("sample " + id + ": expected " + SIZE * SIZE
                    + " image and mask values, got " + image.length + " and " + mask.length);
        }
    }
}

package org.tgssalt.train.synthetic;

import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.GrayImage;

/**
 * One generated image with its truth.
 *
 * @param id a Kaggle-like id (10 lower-case hex digits)
 * @param image the 101x101 image, already quantised to 8-bit levels ({@code level / 255})
 * @param mask the salt mask (written for train images only)
 * @param depth the depth written to {@code depths.csv}
 */
public record SyntheticSample(String id, GrayImage image, BinaryMask mask, int depth) {}

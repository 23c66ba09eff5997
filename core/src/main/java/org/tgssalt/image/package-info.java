/**
 * Gray images and binary masks; reading them from the Kaggle PNG files ({@link org.tgssalt.image.PngImageReader},
 * with {@link org.tgssalt.image.PngHeader} for a decode-free look at bit depth and size) and writing
 * 8-bit gray PNGs ({@link org.tgssalt.image.PngImageWriter}).
 */
package org.tgssalt.image;

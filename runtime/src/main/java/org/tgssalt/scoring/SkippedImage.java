package org.tgssalt.scoring;

/**
 * An image that folder scoring left out, and why.
 *
 * @param file the image file
 * @param reason what is wrong with it
 */
public record SkippedImage(String file, String reason) {}

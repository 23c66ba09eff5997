package org.tgssalt.ensemble;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Path;
import org.tgssalt.InputException;
import org.tgssalt.image.GrayImage;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.image.PngHeader;
import org.tgssalt.image.PngImageReader;

/**
 * Turns the images a user hands to the scorer into 101x101 gray pixels in [0, 1], refusing what
 * the models were not trained on: anything but a 101x101 PNG, colour with unequal channels, and
 * 16-bit images (the competition's images are 8-bit; a 16-bit file is most likely a different
 * preprocessing whose levels would silently shift every probability). The pixels are decoded by
 * {@link PngImageReader} (files and in-memory images alike); this class adds the 8-bit rule.
 * Stateless and thread-safe.
 */
public final class ScoringImageReader {
    private static final PngImageReader PNG = PngImageReader.kaggle();
    private static final String SIXTEEN_BIT = "16-bit PNG; scoring takes 8-bit images like the competition's "
            + "(convert it to 8-bit first)";

    private ScoringImageReader() {}

    /**
     * Reads a PNG file for scoring.
     *
     * @throws InputException naming the file: not a PNG, corrupt, 16-bit, wrong size, unequal channels
     */
    public static GrayImage read(Path png) {
        PngHeader header = PngHeader.read(png);
        if (header.bitDepth() == 16) {
            throw new InputException(png.toString(), SIXTEEN_BIT);
        }
        return PNG.readImage(png);
    }

    /**
     * Reads a PNG file's bytes for scoring, with the same checks and messages as {@link #read(Path)}:
     * for images that arrive as bytes (the {@code content} column of Spark's {@code binaryFile} source).
     *
     * @param source names the image in errors (its path or URI)
     * @throws InputException naming {@code source}: not a PNG, corrupt, 16-bit, wrong size, unequal channels
     */
    public static GrayImage read(byte[] png, String source) {
        PngHeader header = PngHeader.parse(png, source);
        if (header.bitDepth() == 16) {
            throw new InputException(source, SIXTEEN_BIT);
        }
        return PNG.readImage(png, source);
    }

    /**
     * Converts an in-memory image for scoring: 8-bit gray, or colour with equal channels.
     *
     * @param source a name for messages (a file name, "request 17")
     * @throws InputException naming the source: wrong size, 16-bit, unequal channels
     */
    public static GrayImage fromBufferedImage(BufferedImage image, String source) {
        if (!(image.getColorModel() instanceof IndexColorModel)) {
            int bits = image.getRaster().getSampleModel().getSampleSize(0);
            if (bits != 8 && image.getWidth() == KaggleImage.SIDE && image.getHeight() == KaggleImage.SIDE) {
                throw new InputException(source, bits + "-bit "
                        + (image.getColorModel().getNumColorComponents() == 1 ? "gray" : "colour")
                        + " image; scoring takes 8-bit images");
            }
        }
        return PNG.readImage(image, source);
    }
}

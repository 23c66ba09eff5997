package org.tgssalt.ensemble;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
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
 * preprocessing whose levels would silently shift every probability). Stateless and thread-safe.
 */
public final class ScoringImageReader {
    private static final PngImageReader PNG = PngImageReader.kaggle();

    private ScoringImageReader() {}

    /**
     * Reads a PNG file for scoring.
     *
     * @throws InputException naming the file: not a PNG, corrupt, 16-bit, wrong size, unequal channels
     */
    public static GrayImage read(Path png) {
        PngHeader header = PngHeader.read(png);
        if (header.bitDepth() == 16) {
            throw new InputException(png.toString(), "16-bit PNG; scoring takes 8-bit images like the "
                    + "competition's (convert it to 8-bit first)");
        }
        return PNG.readImage(png);
    }

    /**
     * Converts an in-memory image for scoring: 8-bit gray, or colour with equal channels.
     *
     * @param source a name for messages (a file name, "request 17")
     * @throws InputException naming the source: wrong size, 16-bit, unequal channels
     */
    public static GrayImage fromBufferedImage(BufferedImage image, String source) {
        int size = KaggleImage.SIDE;
        if (image.getWidth() != size || image.getHeight() != size) {
            throw new InputException(source, "wrong size: expected " + size + "x" + size + ", found "
                    + image.getWidth() + "x" + image.getHeight());
        }
        float[] pixels = new float[size * size];
        Raster raster = image.getRaster();
        if (image.getColorModel().getNumColorComponents() == 1 && raster.getNumBands() <= 2) {
            // Read gray samples directly: getRGB would apply a gamma conversion to linear gray.
            int bits = raster.getSampleModel().getSampleSize(0);
            if (bits != 8) {
                throw new InputException(source, bits + "-bit gray image; scoring takes 8-bit images");
            }
            int[] samples = raster.getSamples(0, 0, size, size, 0, new int[size * size]);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = samples[i] / 255f;
            }
            return new GrayImage(size, size, pixels);
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r != g || g != b) {
                    throw new InputException(source, String.format(
                            "colour image with unequal channels at (x=%d, y=%d): R=%d G=%d B=%d; expected gray",
                            x, y, r, g, b));
                }
                pixels[y * size + x] = r / 255f;
            }
        }
        return new GrayImage(size, size, pixels);
    }
}

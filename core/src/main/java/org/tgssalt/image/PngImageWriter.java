package org.tgssalt.image;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.tgssalt.io.AtomicFile;

/**
 * Writes 8-bit gray PNG files from images, masks and probability maps, atomically (via
 * {@link AtomicFile}). Values in [0, 1] become {@code round(255 * v)}; masks become 0/255, the
 * Kaggle convention that {@link PngImageReader#readMask} reads back.
 *
 * <p>Stateless and thread-safe. The encoding is deterministic: equal input gives equal bytes.
 */
public final class PngImageWriter {
    private PngImageWriter() {}

    /** Writes {@code image} as an 8-bit gray PNG. */
    public static void write(GrayImage image, Path file) throws IOException {
        writeImage(toBufferedImage(image.width(), image.height(), image.pixels()), file);
    }

    /** Writes {@code mask} as an 8-bit gray PNG, salt 255 and background 0. */
    public static void write(BinaryMask mask, Path file) throws IOException {
        writeImage(toBufferedImage(mask), file);
    }

    /**
     * Writes a probability map (row-major, values in [0, 1]) as an 8-bit gray PNG.
     *
     * @throws IllegalArgumentException when the array length is not {@code width * height} or a
     *     value is NaN
     */
    public static void writeProbabilities(int width, int height, float[] probabilities, Path file) throws IOException {
        writeImage(toBufferedImage(width, height, probabilities), file);
    }

    /** The PNG bytes of {@code image} (8-bit gray). */
    public static byte[] encode(GrayImage image) throws IOException {
        return encode(toBufferedImage(image.width(), image.height(), image.pixels()));
    }

    /** The PNG bytes of {@code mask} (8-bit gray, 0/255). */
    public static byte[] encode(BinaryMask mask) throws IOException {
        return encode(toBufferedImage(mask));
    }

    /** Writes any {@link BufferedImage} (e.g. an RGB overlay) as PNG, atomically. */
    public static void writeImage(BufferedImage image, Path file) throws IOException {
        AtomicFile.write(file, out -> encodeTo(image, out));
    }

    private static byte[] encode(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        encodeTo(image, bytes);
        return bytes.toByteArray();
    }

    private static void encodeTo(BufferedImage image, OutputStream out) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this Java runtime has no PNG writer");
        }
        ImageWriter writer = writers.next();
        // An in-memory stream: ImageIO's default file cache would drop temporary files in java.io.tmpdir.
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(image);
        } finally {
            writer.dispose();
        }
    }

    private static BufferedImage toBufferedImage(int width, int height, float[] values) {
        if (values.length != width * height) {
            throw new IllegalArgumentException(
                    "expected " + width * height + " values for " + width + "x" + height + ", got " + values.length);
        }
        int[] levels = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (Float.isNaN(v)) {
                throw new IllegalArgumentException("NaN at (x=" + i % width + ", y=" + i / width + ")");
            }
            levels[i] = Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
        }
        return gray(width, height, levels);
    }

    private static BufferedImage toBufferedImage(BinaryMask mask) {
        boolean[] p = mask.pixels();
        int[] levels = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            levels[i] = p[i] ? 255 : 0;
        }
        return gray(mask.width(), mask.height(), levels);
    }

    private static BufferedImage gray(int width, int height, int[] levels) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        raster.setSamples(0, 0, width, height, 0, levels);
        return image;
    }
}

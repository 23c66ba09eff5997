package org.tgssalt.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.tgssalt.InputException;

/**
 * Reads the Kaggle PNG files: gray images to {@link GrayImage} in [0, 1] and masks to
 * {@link BinaryMask}.
 *
 * <p>Accepted images: gray of any bit depth (8-bit divided by 255, 16-bit by 65535), and RGB or
 * RGBA or palette images whose three colour channels are equal in every pixel (the Kaggle images are
 * stored as RGB with equal channels); alpha is ignored. Masks: the same encodings, with only the
 * values 0 and the maximum (255, 65535) or only 0 and 1. Everything else raises an
 * {@link InputException} naming the file and the problem: not a PNG, corrupt, wrong size, colour
 * with unequal channels, not binary.
 *
 * <pre>{@code
 * PngImageReader reader = PngImageReader.kaggle();         // insists on 101x101
 * GrayImage image = reader.readImage(root.resolve("train/images/abc.png"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class PngImageReader {
    /** The most pixels an image may declare; larger ones are refused from the header, before decoding. */
    public static final long MAX_PIXELS = 100_000_000L;
    /** The largest file read (whole, into memory) for one image. */
    public static final long MAX_FILE_BYTES = 512L << 20;

    private final int expectedWidth;
    private final int expectedHeight;

    private PngImageReader(int expectedWidth, int expectedHeight) {
        this.expectedWidth = expectedWidth;
        this.expectedHeight = expectedHeight;
    }

    /** A reader that accepts any size. */
    public static PngImageReader anySize() {
        return new PngImageReader(-1, -1);
    }

    /** A reader that rejects images of any other size. */
    public static PngImageReader expecting(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("expected size must be positive, got " + width + "x" + height);
        }
        return new PngImageReader(width, height);
    }

    /** A reader for the Kaggle files: 101x101 only. */
    public static PngImageReader kaggle() {
        return expecting(KaggleImage.SIDE, KaggleImage.SIDE);
    }

    /** The bits per sample of {@code file} (8 or 16 for the usual files), from its header alone. */
    public static int bitDepth(Path file) {
        return PngHeader.read(file).bitDepth();
    }

    /** Reads a gray image with values in [0, 1]. */
    public GrayImage readImage(Path file) {
        return toGray(readLevels(file));
    }

    /**
     * Reads a gray image from the bytes of a PNG file, with the same checks and messages as
     * {@link #readImage(Path)}: for images that arrive as bytes (a Spark {@code binaryFile} row).
     *
     * @param source names the bytes in errors (a path or URI)
     * @throws InputException naming {@code source}: not a PNG, corrupt, wrong size, unequal channels
     */
    public GrayImage readImage(byte[] png, String source) {
        long limit = maxFileBytes();
        if (png.length > limit) {
            throw new InputException(source, png.length + " bytes, more than the " + limit
                    + " this reader takes for one image");
        }
        return toGray(levels(png, source));
    }

    private static GrayImage toGray(Levels levels) {
        float max = levels.max;
        float[] pixels = new float[levels.values.length];
        for (int i = 0; i < pixels.length; i++) {
            // Division, not multiplication by 1/max: correctly rounded, equal to numpy's float32(v / 255).
            pixels[i] = levels.values[i] / max;
        }
        return new GrayImage(levels.width, levels.height, pixels);
    }

    /**
     * Converts an in-memory image with the same rules as a file: the expected size, gray of any bit
     * depth or colour with equal channels, values in [0, 1].
     *
     * @param source a name for messages (a file name, "request 17")
     * @throws InputException naming the source: wrong size, unequal channels, unsupported colour model
     */
    public GrayImage readImage(BufferedImage image, String source) {
        checkSize(image, source);
        return toGray(grayLevels(image, source));
    }

    /** Reads a mask whose pixels are 0/255 (0/65535 for 16-bit) or 0/1. */
    public BinaryMask readMask(Path file) {
        Levels levels = readLevels(file);
        int[] v = levels.values;
        boolean onlyZeroOne = true;
        for (int i = 0; i < v.length && onlyZeroOne; i++) {
            onlyZeroOne = v[i] == 0 || v[i] == 1;
        }
        int on = onlyZeroOne ? 1 : levels.max;
        boolean[] pixels = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0 && v[i] != on) {
                throw new InputException(file.toString(), String.format(
                        "not a binary mask: value %d at (x=%d, y=%d); expected only 0 and %d (or 0 and 1)",
                        v[i], i % levels.width, i / levels.width, levels.max));
            }
            pixels[i] = v[i] == on;
        }
        return new BinaryMask(levels.width, levels.height, pixels);
    }

    /** Gray levels of one image: row-major integer samples in [0, max]. */
    private record Levels(int width, int height, int max, int[] values) {}

    private Levels readLevels(Path file) {
        try {
            return readLevelsOf(file);
        } catch (OutOfMemoryError e) {
            // Say which file: the bare "Java heap space" names nothing. The large allocation failed, so
            // there is room for the message.
            OutOfMemoryError named = new OutOfMemoryError(e.getMessage() + " while decoding " + file);
            named.initCause(e);
            throw named;
        }
    }

    private Levels readLevelsOf(Path file) {
        String source = file.toString();
        // The header first, from the file's first bytes: clearer messages than ImageIO's, and a file
        // declaring 46,000 x 46,000 pixels is refused before anything is decoded (or even read).
        checkDeclaredSize(PngHeader.read(file), source);
        byte[] bytes;
        try {
            long size = Files.size(file);
            long limit = maxFileBytes();
            if (size > limit) {
                throw new InputException(source, "file of " + size + " bytes, more than the " + limit
                        + " this reader takes for one " + (expectedWidth > 0 ? expectedWidth + "x" + expectedHeight + " " : "")
                        + "image");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputException(source, "cannot read file (" + e + ")", e);
        }
        return levels(bytes, source);
    }

    private Levels levels(byte[] bytes, String source) {
        // Signature and header first: clearer messages than ImageIO's, a huge declared size refused before decoding
        // (bytes from a Spark row were never checked; a file may have changed since its header was read).
        checkDeclaredSize(PngHeader.parse(bytes, source), source);
        BufferedImage image = decode(bytes, source);
        checkSize(image, source);
        return grayLevels(image, source);
    }

    /**
     * The largest file read for one image: {@link #MAX_FILE_BYTES}, or for an expected size 64 bytes
     * per pixel (uncompressed 16-bit RGBA takes 8) and at least 1 MB, room for any metadata chunks.
     */
    private long maxFileBytes() {
        return expectedWidth > 0 ? Math.max(1L << 20, 64L * expectedWidth * expectedHeight) : MAX_FILE_BYTES;
    }

    /** Refuses, from the header alone, a size other than the expected one or more pixels than {@link #MAX_PIXELS}. */
    private void checkDeclaredSize(PngHeader header, String source) {
        if (expectedWidth > 0 && (header.width() != expectedWidth || header.height() != expectedHeight)) {
            throw new InputException(source, "wrong size: expected " + expectedWidth + "x" + expectedHeight
                    + ", found " + header.width() + "x" + header.height());
        }
        if ((long) header.width() * header.height() > MAX_PIXELS) {
            throw new InputException(source, "declares " + header.width() + "x" + header.height()
                    + " pixels, more than the " + MAX_PIXELS + " this reader decodes");
        }
    }

    private void checkSize(BufferedImage image, String source) {
        if (expectedWidth > 0 && (image.getWidth() != expectedWidth || image.getHeight() != expectedHeight)) {
            throw new InputException(source, "wrong size: expected " + expectedWidth + "x" + expectedHeight
                    + ", found " + image.getWidth() + "x" + image.getHeight());
        }
    }

    private static BufferedImage decode(byte[] bytes, String source) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
        if (!readers.hasNext()) {
            throw new IllegalStateException("this Java runtime has no PNG reader");
        }
        ImageReader reader = readers.next();
        // An in-memory stream: ImageIO's default file cache would put temporary files in java.io.tmpdir.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            return reader.read(0);
        } catch (IOException | RuntimeException e) {
            throw decodeFailure(e, source);
        } finally {
            reader.dispose();
        }
    }

    /**
     * What a failed decode means: the JDK's PNG reader wraps every {@link Throwable}, an
     * {@link OutOfMemoryError} too, in an {@code IIOException} ("Caught exception during read"); that
     * is memory running out, not a corrupt file, and is rethrown as such. Anything else is corruption.
     */
    static RuntimeException decodeFailure(Exception e, String source) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                OutOfMemoryError named = new OutOfMemoryError(oom.getMessage() + " while decoding " + source);
                named.initCause(e);
                throw named;
            }
        }
        return new InputException(source, "corrupt PNG (" + describe(e) + ")", e);
    }

    private static Levels grayLevels(BufferedImage image, String source) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        ColorModel model = image.getColorModel();
        int[] gray = new int[w * h];
        if (model instanceof IndexColorModel palette) {
            int[] index = raster.getSamples(0, 0, w, h, 0, new int[w * h]);
            for (int i = 0; i < gray.length; i++) {
                int p = index[i];
                gray[i] = equalChannels(palette.getRed(p), palette.getGreen(p), palette.getBlue(p), i, w, source);
            }
            return new Levels(w, h, 255, gray);
        }
        int bits = raster.getSampleModel().getSampleSize(0);
        int max = (1 << bits) - 1;
        int colours = model.getNumColorComponents();
        raster.getSamples(0, 0, w, h, 0, gray);
        if (colours == 3) {
            int[] green = raster.getSamples(0, 0, w, h, 1, new int[w * h]);
            int[] blue = raster.getSamples(0, 0, w, h, 2, new int[w * h]);
            for (int i = 0; i < gray.length; i++) {
                equalChannels(gray[i], green[i], blue[i], i, w, source);
            }
        } else if (colours != 1) {
            throw new InputException(source, "unsupported PNG colour model with " + colours + " colour channels");
        }
        return new Levels(w, h, max, gray);
    }

    private static int equalChannels(int r, int g, int b, int index, int width, String source) {
        if (r != g || g != b) {
            throw new InputException(source, String.format(
                    "colour image with unequal channels at (x=%d, y=%d): R=%d G=%d B=%d; expected gray",
                    index % width, index / width, r, g, b));
        }
        return r;
    }

    private static String describe(Exception e) {
        Throwable root = e;
        StringBuilder b = new StringBuilder();
        while (root != null) {
            if (b.length() > 0) {
                b.append(": ");
            }
            b.append(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
            root = root.getCause() == root ? null : root.getCause();
        }
        return b.toString();
    }
}

package org.tgssalt.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.tgssalt.InputException;

/**
 * The fields of a PNG file's IHDR chunk, read without decoding any pixels: lets a caller refuse,
 * say, 16-bit images before paying for a decode.
 *
 * @param width image width in pixels
 * @param height image height in pixels
 * @param bitDepth bits per sample (1, 2, 4, 8 or 16; per palette index for colour type 3)
 * @param colourType PNG colour type: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA
 */
public record PngHeader(int width, int height, int bitDepth, int colourType) {
    /** The eight bytes every PNG file starts with. */
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Reads the header of {@code file}. */
    public static PngHeader read(Path file) {
        byte[] head = new byte[33];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new InputException(file.toString(), "cannot read file (" + e + ")", e);
        }
        return parse(Arrays.copyOf(head, n), file.toString());
    }

    /**
     * Parses the header from the first bytes of a PNG file, for images that arrive as bytes rather
     * than as a file (a Spark {@code binaryFile} row, a request body).
     *
     * @param source names the bytes in errors (a path or URI)
     * @throws InputException naming {@code source}: no PNG signature, too short, first chunk not IHDR
     */
    public static PngHeader parse(byte[] bytes, String source) {
        if (!hasSignature(bytes)) {
            throw new InputException(source, "not a PNG file (no PNG signature)");
        }
        if (bytes.length < 33) {
            throw new InputException(source, "corrupt PNG: file ends inside the header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes); // PNG integers are big-endian, ByteBuffer's default
        if (b.getInt(12) != 0x49484452) { // "IHDR"
            throw new InputException(source, "corrupt PNG: first chunk is not IHDR");
        }
        int width = b.getInt(16);
        int height = b.getInt(20);
        if (width <= 0 || height <= 0) { // the PNG specification allows 1 .. 2^31-1
            throw new InputException(source, "corrupt PNG: header declares " + Integer.toUnsignedString(width) + "x"
                    + Integer.toUnsignedString(height) + " pixels");
        }
        return new PngHeader(width, height, bytes[24] & 0xff, bytes[25] & 0xff);
    }

    /** True when {@code bytes} start with the PNG signature. */
    static boolean hasSignature(byte[] bytes) {
        return bytes.length >= SIGNATURE.length
                && Arrays.equals(bytes, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length);
    }
}

package org.tgssalt.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;

class PngImageReaderTest {
    @TempDir
    Path dir;

    private final PngImageReader kaggle = PngImageReader.kaggle();

    @Test
    void readsEightBitGray() throws IOException {
        BufferedImage img = new BufferedImage(101, 101, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(0, 0, 0, 255);
        img.getRaster().setSample(5, 3, 0, 51);
        img.getRaster().setSample(100, 100, 0, 1);
        GrayImage g = kaggle.readImage(save(img, "gray.png"));
        assertEquals(101, g.width());
        assertEquals(1f, g.get(0, 0));
        assertEquals(51 / 255f, g.get(5, 3));
        assertEquals(1 / 255f, g.get(100, 100));
        assertEquals(0f, g.get(1, 0));
        assertEquals(8, PngImageReader.bitDepth(dir.resolve("gray.png")));
    }

    @Test
    void readsRgbAndRgbaWithEqualChannelsAsGray() throws IOException {
        BufferedImage rgb = new BufferedImage(101, 101, BufferedImage.TYPE_INT_RGB);
        BufferedImage rgba = new BufferedImage(101, 101, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 101; y++) {
            for (int x = 0; x < 101; x++) {
                int v = (x * 7 + y * 3) % 256;
                rgb.setRGB(x, y, (v << 16) | (v << 8) | v);
                rgba.setRGB(x, y, (0x80 << 24) | (v << 16) | (v << 8) | v);
            }
        }
        GrayImage fromRgb = kaggle.readImage(save(rgb, "rgb.png"));
        GrayImage fromRgba = kaggle.readImage(save(rgba, "rgba.png"));
        assertEquals((10 * 7 + 20 * 3) / 255f, fromRgb.get(10, 20));
        assertEquals(fromRgb, fromRgba);
    }

    @Test
    void readsSixteenBitGrayScaledToUnit() throws IOException {
        BufferedImage img = new BufferedImage(101, 101, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSample(2, 1, 0, 65535);
        img.getRaster().setSample(3, 1, 0, 32768);
        Path file = save(img, "sixteen.png");
        assertEquals(16, PngImageReader.bitDepth(file));
        GrayImage g = kaggle.readImage(file);
        assertEquals(1f, g.get(2, 1));
        assertEquals(32768 / 65535f, g.get(3, 1));
    }

    @Test
    void anySizeReaderAcceptsOtherSizes() throws IOException {
        GrayImage g = PngImageReader.anySize().readImage(save(new BufferedImage(50, 30, BufferedImage.TYPE_BYTE_GRAY), "small.png"));
        assertEquals(50, g.width());
        assertEquals(30, g.height());
    }

    @Test
    void rejectsTextFile() throws IOException {
        Path file = dir.resolve("text.png");
        Files.writeString(file, "this is not an image\n");
        assertMessage(file + ": not a PNG file (no PNG signature)", () -> kaggle.readImage(file));
        assertMessage(file + ": not a PNG file (no PNG signature)", () -> PngImageReader.bitDepth(file));
    }

    @Test
    void rejectsEmptyFile() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.png"));
        assertMessage(file + ": not a PNG file (no PNG signature)", () -> kaggle.readImage(file));
    }

    @Test
    void rejectsTruncatedPng() throws IOException {
        BufferedImage img = noisy(101, 101);
        Path good = save(img, "good.png");
        byte[] bytes = Files.readAllBytes(good);
        Path file = dir.resolve("truncated.png");
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        InputException e = assertThrows(InputException.class, () -> kaggle.readImage(file));
        assertTrue(e.getMessage().startsWith(file + ": corrupt PNG"), e.getMessage());
        Path header = dir.resolve("header-only.png");
        Files.write(header, Arrays.copyOf(bytes, 20));
        assertMessage(header + ": corrupt PNG: file ends inside the header", () -> kaggle.readImage(header));
    }

    @Test
    void rejectsWrongSize() throws IOException {
        Path file = save(new BufferedImage(50, 50, BufferedImage.TYPE_BYTE_GRAY), "small.png");
        assertMessage(file + ": wrong size: expected 101x101, found 50x50", () -> kaggle.readImage(file));
        assertMessage(file + ": wrong size: expected 101x101, found 50x50", () -> kaggle.readMask(file));
    }

    @Test
    void rejectsColourWithUnequalChannels() throws IOException {
        BufferedImage img = new BufferedImage(101, 101, BufferedImage.TYPE_INT_RGB);
        img.setRGB(4, 2, (10 << 16) | (20 << 8) | 30);
        Path file = save(img, "colour.png");
        assertMessage(file + ": colour image with unequal channels at (x=4, y=2): R=10 G=20 B=30; expected gray",
                () -> kaggle.readImage(file));
    }

    @Test
    void rejectsMissingFile() {
        Path file = dir.resolve("missing.png");
        InputException e = assertThrows(InputException.class, () -> kaggle.readImage(file));
        assertTrue(e.getMessage().startsWith(file + ": cannot read file"), e.getMessage());
    }

    @Test
    void readsMasksZero255AndZeroOne() throws IOException {
        BufferedImage img = new BufferedImage(101, 101, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(1, 2, 0, 255);
        img.getRaster().setSample(100, 0, 0, 255);
        BinaryMask m = kaggle.readMask(save(img, "m255.png"));
        assertEquals(2, m.area());
        assertTrue(m.get(1, 2));
        assertTrue(m.get(100, 0));

        BufferedImage ones = new BufferedImage(101, 101, BufferedImage.TYPE_BYTE_GRAY);
        ones.getRaster().setSample(1, 2, 0, 1);
        ones.getRaster().setSample(100, 0, 0, 1);
        assertEquals(m, kaggle.readMask(save(ones, "m01.png")));

        BufferedImage sixteen = new BufferedImage(101, 101, BufferedImage.TYPE_USHORT_GRAY);
        sixteen.getRaster().setSample(1, 2, 0, 65535);
        sixteen.getRaster().setSample(100, 0, 0, 65535);
        assertEquals(m, kaggle.readMask(save(sixteen, "m16.png")));
    }

    @Test
    void rejectsNonBinaryMask() throws IOException {
        BufferedImage img = new BufferedImage(101, 101, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(0, 0, 0, 255);
        img.getRaster().setSample(7, 9, 0, 128);
        Path file = save(img, "gray-mask.png");
        assertMessage(file + ": not a binary mask: value 128 at (x=7, y=9); expected only 0 and 255 (or 0 and 1)",
                () -> kaggle.readMask(file));
        // 1 and 255 together are not binary either.
        BufferedImage mixed = new BufferedImage(101, 101, BufferedImage.TYPE_BYTE_GRAY);
        mixed.getRaster().setSample(0, 0, 0, 1);
        mixed.getRaster().setSample(0, 1, 0, 255);
        Path mixedFile = save(mixed, "mixed.png");
        assertMessage(mixedFile + ": not a binary mask: value 1 at (x=0, y=0); expected only 0 and 255 (or 0 and 1)",
                () -> kaggle.readMask(mixedFile));
    }

    @Test
    void writerRoundTrips(@TempDir Path out) throws IOException {
        BufferedImage img = noisy(101, 101);
        GrayImage original = kaggle.readImage(save(img, "noisy.png"));
        Path written = out.resolve("copy.png");
        PngImageWriter.write(original, written);
        assertEquals(original, kaggle.readImage(written));
        assertEquals(8, PngImageReader.bitDepth(written));

        boolean[] pixels = new boolean[101 * 101];
        for (int i = 0; i < pixels.length; i += 3) {
            pixels[i] = true;
        }
        BinaryMask mask = new BinaryMask(101, 101, pixels);
        Path maskFile = out.resolve("mask.png");
        PngImageWriter.write(mask, maskFile);
        assertEquals(mask, kaggle.readMask(maskFile));
        assertEquals(255, ImageIO.read(maskFile.toFile()).getRaster().getSample(0, 0, 0));
        assertArrayEquals(Files.readAllBytes(maskFile), PngImageWriter.encode(mask));
    }

    @Test
    void writesProbabilitiesRoundedAndClamped(@TempDir Path out) throws IOException {
        float[] p = {0f, 0.5f, 1f, 1.5f, -0.2f, 0.002f};
        Path file = out.resolve("p.png");
        PngImageWriter.writeProbabilities(3, 2, p, file);
        int[] levels = ImageIO.read(file.toFile()).getRaster().getSamples(0, 0, 3, 2, 0, new int[6]);
        assertArrayEquals(new int[] {0, 128, 255, 255, 0, 1}, levels);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PngImageWriter.writeProbabilities(2, 1, new float[] {0f, Float.NaN}, out.resolve("nan.png")));
        assertEquals("NaN at (x=1, y=0)", e.getMessage());
    }

    @Test
    void aHugeDeclaredSizeIsRefusedFromTheHeaderBeforeDecoding() throws IOException {
        // A few KB claiming 46,000 x 46,000 8-bit gray pixels (2.1 GB decoded); the data is cut short,
        // so a decoder would have said "corrupt PNG": the size message shows it never got that far.
        Path bomb = dir.resolve("bomb.png");
        Files.write(bomb, png(46_000, 46_000, chunk("IDAT", new byte[4096])));
        assertMessage(bomb + ": wrong size: expected 101x101, found 46000x46000", () -> kaggle.readImage(bomb));
        assertMessage(bomb + ": wrong size: expected 101x101, found 46000x46000", () -> kaggle.readMask(bomb));
        assertMessage(bomb + ": declares 46000x46000 pixels, more than the 100000000 this reader decodes",
                () -> PngImageReader.anySize().readImage(bomb));
    }

    @Test
    void aHeaderWithASizeOutsidePngsRangeIsCorrupt() throws IOException {
        Path file = dir.resolve("negative.png");
        Files.write(file, png(0x8000_0000, 101, chunk("IDAT", new byte[16])));
        assertMessage(file + ": corrupt PNG: header declares 2147483648x101 pixels", () -> kaggle.readImage(file));
    }

    @Test
    void aFileFarLargerThanItsImageNeedsIsNotReadIntoMemory() throws IOException {
        // 101x101 needs well under 100 KB even uncompressed; 2 MB of metadata is refused before reading.
        Path file = dir.resolve("padded.png");
        Files.write(file, png(101, 101, chunk("tEXt", new byte[2 << 20])));
        long size = Files.size(file);
        assertMessage(file + ": file of " + size + " bytes, more than the 1048576 this reader takes for one 101x101 "
                + "image", () -> kaggle.readImage(file));
    }

    @Test
    void memoryRunningOutInsideImageIoIsNotACorruptPng() {
        // What the JDK's PNG reader does with an OutOfMemoryError during read(0) (checked with javap on JDK 17).
        Exception wrapped = new javax.imageio.IIOException("Caught exception during read: ",
                new OutOfMemoryError("Java heap space"));
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class,
                () -> PngImageReader.decodeFailure(wrapped, "/data/x.png"));
        assertEquals("Java heap space while decoding /data/x.png", e.getMessage());
        assertEquals("/data/x.png: corrupt PNG (Error reading PNG image data: truncated)",
                PngImageReader.decodeFailure(new javax.imageio.IIOException("Error reading PNG image data",
                        new java.io.EOFException("truncated")), "/data/x.png").getMessage());
    }

    @Test
    void aDecodeThatExhaustsTheHeapSaysOutOfMemoryInAJvmWithLittleMemory() throws Exception {
        // 8000 x 8000 gray: a 64 MB raster, more than a 48 MB heap holds; within MAX_PIXELS, so it is decoded.
        Path big = save(new BufferedImage(8000, 8000, BufferedImage.TYPE_BYTE_GRAY), "big.png");
        Path source = dir.resolve("DecodeBig.java");
        Files.writeString(source, "public class DecodeBig { public static void main(String[] a) { try { "
                + "org.tgssalt.image.PngImageReader.anySize().readImage(java.nio.file.Path.of(a[0])); "
                + "System.out.println(\"decoded\"); } catch (Throwable t) { "
                + "System.out.println(t.getClass().getSimpleName() + \": \" + t.getMessage()); } } }");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-Xmx48m", "-Djava.awt.headless=true", "-cp",
                System.getProperty("java.class.path"), source.toString(), big.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), output);
        assertTrue(output.startsWith("OutOfMemoryError: ") && output.endsWith(" while decoding " + big), output);
    }

    /** PNG signature, an IHDR chunk for an 8-bit gray {@code w x h} image, then {@code rest}. */
    private static byte[] png(int w, int h, byte[] rest) {
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        byte[] header = chunk("IHDR", ihdr.array());
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        return java.nio.ByteBuffer.allocate(signature.length + header.length + rest.length).put(signature).put(header)
                .put(rest).array();
    }

    /** One PNG chunk: length, type, data, CRC of type and data. */
    private static byte[] chunk(String type, byte[] data) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        crc.update(typeBytes);
        crc.update(data);
        return java.nio.ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data)
                .putInt((int) crc.getValue()).array();
    }

    private static BufferedImage noisy(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        java.util.Random r = new java.util.Random(3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, r.nextInt(256));
            }
        }
        return img;
    }

    private Path save(BufferedImage image, String name) throws IOException {
        Path file = dir.resolve(name);
        assertTrue(ImageIO.write(image, "png", file.toFile()), "no PNG writer for " + name);
        return file;
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        InputException e = assertThrows(InputException.class, call);
        assertEquals(expected, e.getMessage());
    }
}

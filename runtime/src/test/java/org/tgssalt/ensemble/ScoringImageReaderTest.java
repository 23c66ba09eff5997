package org.tgssalt.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.image.GrayImage;
import org.tgssalt.testing.TestGraphs;

class ScoringImageReaderTest {
    @TempDir
    Path dir;

    private static BufferedImage gray(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.getRaster().setSample(x, y, 0, (x * 7 + y * 3) % 256);
            }
        }
        return image;
    }

    @Test
    void grayAndEqualChannelRgbGiveTheSamePixels() {
        BufferedImage gray = gray(101);
        BufferedImage rgb = new BufferedImage(101, 101, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 101; y++) {
            for (int x = 0; x < 101; x++) {
                int v = gray.getRaster().getSample(x, y, 0);
                rgb.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        GrayImage a = ScoringImageReader.fromBufferedImage(gray, "gray");
        GrayImage b = ScoringImageReader.fromBufferedImage(rgb, "rgb");
        assertEquals(a, b);
        assertEquals(((10 * 7 + 20 * 3) % 256) / 255f, a.get(10, 20));
    }

    @Test
    void inMemoryAndFileScoringAgree() throws IOException {
        Path json = TestGraphs.writeRampEnsemble(dir.resolve("m"), new float[][] {{2f, 1f}}, false);
        BufferedImage image = gray(101);
        Path file = dir.resolve("x.png");
        ImageIO.write(image, "png", file.toFile());
        try (FoldEnsemble ensemble = FoldEnsemble.open(json,
                EnsembleOptions.builder().device(ExecutionDevice.CPU).build())) {
            assertArrayEquals(ensemble.probability(file), ensemble.probability(image));
            assertEquals(ensemble.mask(file), ensemble.mask(image));
            assertEquals(ensemble.masksOfFiles(java.util.List.of(file, file)).get(1), ensemble.mask(image));
        }
    }

    /** Each kind of file, good or bad: bytes read as the file is, same pixels or same message. */
    @Test
    void bytesAreReadLikeTheFileTheyCameFrom() throws IOException {
        BufferedImage colour = new BufferedImage(101, 101, BufferedImage.TYPE_INT_RGB);
        colour.setRGB(5, 6, 0x405060);
        BufferedImage deep = new BufferedImage(101, 101, BufferedImage.TYPE_USHORT_GRAY);
        ImageIO.write(gray(101), "png", dir.resolve("good.png").toFile());
        ImageIO.write(gray(64), "png", dir.resolve("small.png").toFile());
        ImageIO.write(colour, "png", dir.resolve("colour.png").toFile());
        ImageIO.write(deep, "png", dir.resolve("deep.png").toFile());
        Files.writeString(dir.resolve("text.png"), "not an image");
        byte[] good = Files.readAllBytes(dir.resolve("good.png"));
        Files.write(dir.resolve("cut.png"), Arrays.copyOf(good, 60));
        Files.write(dir.resolve("header-only.png"), Arrays.copyOf(good, 20));

        Path file = dir.resolve("good.png");
        assertEquals(ScoringImageReader.read(file), ScoringImageReader.read(good, file.toString()));
        Map<String, String> expected = Map.of(
                "small.png", "wrong size: expected 101x101, found 64x64",
                "colour.png", "colour image with unequal channels at (x=5, y=6): R=64 G=80 B=96; expected gray",
                "deep.png", "16-bit PNG; scoring takes 8-bit images like the competition's (convert it to 8-bit first)",
                "text.png", "not a PNG file (no PNG signature)",
                "header-only.png", "corrupt PNG: file ends inside the header");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path bad = dir.resolve(e.getKey());
            String fromFile = assertThrows(InputException.class, () -> ScoringImageReader.read(bad)).getMessage();
            String fromBytes = assertThrows(InputException.class,
                    () -> ScoringImageReader.read(Files.readAllBytes(bad), bad.toString())).getMessage();
            assertEquals(bad + ": " + e.getValue(), fromFile);
            assertEquals(fromFile, fromBytes);
        }
        Path cut = dir.resolve("cut.png");
        String fromFile = assertThrows(InputException.class, () -> ScoringImageReader.read(cut)).getMessage();
        assertTrue(fromFile.startsWith(cut + ": corrupt PNG ("), fromFile);
        assertEquals(fromFile, assertThrows(InputException.class,
                () -> ScoringImageReader.read(Files.readAllBytes(cut), cut.toString())).getMessage());
    }

    @Test
    void refusals() {
        assertEquals("req: wrong size: expected 101x101, found 64x64", assertThrows(InputException.class,
                () -> ScoringImageReader.fromBufferedImage(gray(64), "req")).getMessage());
        BufferedImage colour = new BufferedImage(101, 101, BufferedImage.TYPE_INT_RGB);
        colour.setRGB(3, 2, 0x102030);
        assertEquals("req: colour image with unequal channels at (x=3, y=2): R=16 G=32 B=48; expected gray",
                assertThrows(InputException.class, () -> ScoringImageReader.fromBufferedImage(colour, "req"))
                        .getMessage());
        BufferedImage deep = new BufferedImage(101, 101, BufferedImage.TYPE_USHORT_GRAY);
        assertEquals("req: 16-bit gray image; scoring takes 8-bit images", assertThrows(InputException.class,
                () -> ScoringImageReader.fromBufferedImage(deep, "req")).getMessage());
    }
}

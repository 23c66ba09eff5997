package org.tgssalt.scoring;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.tgssalt.image.GrayImage;
import org.tgssalt.image.PngImageWriter;

/** Image folders for the scoring tests: good images and each kind of bad one. */
final class ScoringFixtures {
    /** Two ramp folds whose masks vary with the image: salt roughly where x >= column / 100. */
    static final float[][] FOLDS = {{4f, -4f}, {6f, -5f}};

    private ScoringFixtures() {}

    /** Writes a random 8-bit gray 101x101 image. */
    static void writeRandom(Path file, long seed) throws IOException {
        Random random = new Random(seed);
        float[] pixels = new float[101 * 101];
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = random.nextFloat();
        }
        PngImageWriter.write(new GrayImage(101, 101, pixels), file);
    }

    /** Writes an all-black image (its mask is empty with {@link #FOLDS}). */
    static void writeBlack(Path file) throws IOException {
        PngImageWriter.write(new GrayImage(101, 101, new float[101 * 101]), file);
    }

    /** Decodes a fixture as the scorer does. */
    static GrayImage decode(Path file) {
        return org.tgssalt.ensemble.ScoringImageReader.read(file);
    }

    /** Writes an image whose every pixel is {@code value} (in [0, 1]). */
    static void writeGray(Path file, float value) throws IOException {
        float[] pixels = new float[101 * 101];
        Arrays.fill(pixels, value);
        PngImageWriter.write(new GrayImage(101, 101, pixels), file);
    }

    static void writeNotPng(Path file) throws IOException {
        Files.writeString(file, "this is text, not an image");
    }

    /** A PNG cut off after its header. */
    static void writeCorrupt(Path file) throws IOException {
        writeRandom(file, 99);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, 50));
    }

    static void writeWrongSize(Path file) throws IOException {
        PngImageWriter.write(new GrayImage(100, 100, new float[100 * 100]), file);
    }

    /** RGB with R=200, G=100, B=50 everywhere. */
    static void writeColour(Path file) throws IOException {
        BufferedImage image = new BufferedImage(101, 101, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 101; y++) {
            for (int x = 0; x < 101; x++) {
                image.setRGB(x, y, (200 << 16) | (100 << 8) | 50);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    static void writeSixteenBit(Path file) throws IOException {
        BufferedImage image = new BufferedImage(101, 101, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = image.getRaster();
        raster.setSample(3, 4, 0, 40000);
        ImageIO.write(image, "png", file.toFile());
    }
}

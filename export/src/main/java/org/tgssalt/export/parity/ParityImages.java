package org.tgssalt.export.parity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.image.GrayImage;
import org.tgssalt.image.KaggleImage;

/**
 * The images a parity check runs on: real TGS training images when a data folder is given and has
 * them (up to half the count), the rest synthetic from a fixed seed: 8-bit uniform noise, smooth
 * ramps with stripes (salt-like layers), and saturated blocks (values 0 and 1 at the edges of the range).
 */
public final class ParityImages {

    private ParityImages() {
    }

    /**
     * @param dataDir a TGS data folder ({@code train/images/*.png}) or null
     * @param count how many images in all
     * @param seed seed of the synthetic images
     */
    public static List<GrayImage> collect(Path dataDir, int count, long seed) {
        List<GrayImage> images = new ArrayList<>(real(dataDir, count / 2));
        Random random = new Random(seed);
        for (int i = 0; images.size() < count; i++) {
            images.add(switch (i % 3) {
                case 0 -> noise(random);
                case 1 -> layers(random);
                default -> blocks(random);
            });
        }
        return images;
    }

    /** How many of {@code images} would come from {@code dataDir} (for reports). */
    public static int realCount(Path dataDir, int count) {
        return real(dataDir, count / 2).size();
    }

    private static List<GrayImage> real(Path dataDir, int limit) {
        if (dataDir == null || limit <= 0 || !Files.isDirectory(dataDir)) {
            return List.of();
        }
        TgsDataset data = TgsDataset.at(dataDir);
        if (!Files.isDirectory(data.trainImagesDir())) {
            return List.of();
        }
        List<GrayImage> images = new ArrayList<>();
        for (String id : data.trainIds().stream().limit(limit).toList()) {
            images.add(data.trainImage(id));
        }
        return images;
    }

    private static GrayImage noise(Random random) {
        float[] p = new float[KaggleImage.PIXELS];
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextInt(256) / 255f;
        }
        return new GrayImage(KaggleImage.SIDE, KaggleImage.SIDE, p);
    }

    private static GrayImage layers(Random random) {
        float[] p = new float[KaggleImage.PIXELS];
        double slope = random.nextGaussian() * 0.3;
        double period = 6 + random.nextDouble() * 20;
        for (int y = 0; y < KaggleImage.SIDE; y++) {
            for (int x = 0; x < KaggleImage.SIDE; x++) {
                double v = 0.5 + 0.35 * Math.sin((y + slope * x) / period * 2 * Math.PI) + 0.05 * random.nextGaussian();
                p[y * KaggleImage.SIDE + x] = Math.round(Math.max(0, Math.min(1, v)) * 255) / 255f;
            }
        }
        return new GrayImage(KaggleImage.SIDE, KaggleImage.SIDE, p);
    }

    private static GrayImage blocks(Random random) {
        float[] p = new float[KaggleImage.PIXELS];
        int split = 20 + random.nextInt(60);
        for (int y = 0; y < KaggleImage.SIDE; y++) {
            for (int x = 0; x < KaggleImage.SIDE; x++) {
                p[y * KaggleImage.SIDE + x] = x < split ? (y % 2 == 0 ? 1f : 0f) : (y < split ? 0f : 1f);
            }
        }
        return new GrayImage(KaggleImage.SIDE, KaggleImage.SIDE, p);
    }
}

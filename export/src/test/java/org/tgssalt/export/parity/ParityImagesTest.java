package org.tgssalt.export.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.image.GrayImage;
import org.tgssalt.image.PngImageWriter;

class ParityImagesTest {
    @TempDir
    Path dir;

    @Test
    void realTrainImagesFirstThenSyntheticUpToTheCount() throws Exception {
        Path images = Files.createDirectories(dir.resolve("train/images"));
        GrayImage[] written = new GrayImage[6];
        for (int i = 0; i < written.length; i++) {
            float[] p = new float[101 * 101];
            for (int k = 0; k < p.length; k++) {
                p[k] = ((k * (i + 3)) % 256) / 255f;
            }
            written[i] = new GrayImage(101, 101, p);
            PngImageWriter.write(written[i], images.resolve("id" + i + ".png"));
        }
        List<GrayImage> collected = ParityImages.collect(dir, 8, 1);
        assertEquals(8, collected.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(written[i], collected.get(i), "real image " + i + " (sorted by id)");
        }
        assertNotEquals(written[4], collected.get(4));
        assertEquals(4, ParityImages.realCount(dir, 8));
        assertEquals(ParityImages.collect(null, 8, 1), ParityImages.collect(null, 8, 1), "synthetic images are seeded");
        assertEquals(0, ParityImages.realCount(dir.resolve("absent"), 8));
    }
}

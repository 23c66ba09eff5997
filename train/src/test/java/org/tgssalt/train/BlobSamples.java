package org.tgssalt.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.train.data.SampleSource;
import org.tgssalt.train.data.TrainingSample;

/**
 * Hand-made training samples for loop tests: each mask is a few random discs (some masks empty), and the
 * image is brighter, textured salt on a darker noisy background, so a small network can learn it.
 */
final class BlobSamples {
    private static final int N = KaggleImage.SIDE;

    private BlobSamples() {}

    static Map<String, TrainingSample> make(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, TrainingSample> samples = new HashMap<>();
        for (int s = 0; s < count; s++) {
            float[] mask = new float[N * N];
            int discs = s % 4 == 3 ? 0 : 1 + random.nextInt(3);
            for (int d = 0; d < discs; d++) {
                int cx = random.nextInt(N);
                int cy = random.nextInt(N);
                int r = 10 + random.nextInt(25);
                for (int y = 0; y < N; y++) {
                    for (int x = 0; x < N; x++) {
                        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
                            mask[y * N + x] = 1;
                        }
                    }
                }
            }
            float[] image = new float[N * N];
            for (int i = 0; i < N * N; i++) {
                float base = mask[i] == 1 ? 0.65f : 0.35f;
                image[i] = Math.round((base + (float) (random.nextDouble() - 0.5) * 0.2f) * 255) / 255f;
            }
            String id = String.format("blob%02d", s);
            samples.put(id, new TrainingSample(id, image, mask));
        }
        return samples;
    }

    static SampleSource source(Map<String, TrainingSample> samples) {
        return id -> {
            TrainingSample s = samples.get(id);
            if (s == null) {
                throw new java.io.FileNotFoundException("no sample " + id);
            }
            return s;
        };
    }

    static List<String> ids(Map<String, TrainingSample> samples) {
        List<String> ids = new ArrayList<>(samples.keySet());
        java.util.Collections.sort(ids);
        return ids;
    }
}

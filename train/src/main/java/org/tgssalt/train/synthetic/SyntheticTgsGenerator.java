package org.tgssalt.train.synthetic;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.tgssalt.dataset.DepthsCsv;
import org.tgssalt.dataset.SubmissionCsv;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.GrayImage;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.image.PngImageWriter;
import org.tgssalt.progress.Progress;
import org.tgssalt.progress.ProgressFactory;

/**
 * Generates TGS-like data, deterministically from a seed: 101x101 seismic-looking images of layered,
 * folded reflectors with noise, cut by salt bodies that enter from the top or the bottom. Salt has
 * its own texture (chaotic speckle, weak layering, a different mean brightness and a bright
 * reflector along its boundary), so a model can learn it; the boundary is a smooth curve.
 *
 * <p>About 40% of images have no salt, about 5% are almost all salt, and the rest spread their
 * coverage evenly between 3% and 85%.
 *
 * <pre>{@code
 * new SyntheticTgsGenerator(1).writeDataset(Path.of("samples/synthetic"), 400, 100);
 * }</pre>
 *
 * <p>Each sample depends only on the seed, the split and its index (not on how many are made), and
 * uses {@link StrictMath} so that the bytes are the same on every platform. Immutable, thread-safe.
 */
public final class SyntheticTgsGenerator {
    /** Which part of the layout a sample belongs to. */
    public enum Split { TRAIN, TEST }

    private static final double TWO_PI = 2 * StrictMath.PI;

    private final long seed;

    /** @param seed the seed every sample is derived from */
    public SyntheticTgsGenerator(long seed) {
        this.seed = seed;
    }

    /** The {@code index}-th sample of {@code split} (its id may collide with another's; see {@link #samples}). */
    public SyntheticSample sample(Split split, int index) {
        Random random = new Random(mix(seed, split.ordinal(), index));
        String id = String.format(Locale.ROOT, "%010x", random.nextLong() & 0xff_ffff_ffffL);
        int depth = 50 + random.nextInt(911);
        Boundary boundary = Boundary.random(random, targetCoverage(random));
        return new SyntheticSample(id, render(random, boundary), boundary.mask(), depth);
    }

    /** The first {@code count} samples of {@code split}, with ids made unique (a rare clash gets a suffix). */
    public List<SyntheticSample> samples(Split split, int count, Set<String> taken) {
        List<SyntheticSample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SyntheticSample s = sample(split, i);
            String id = s.id();
            for (int k = 1; taken.contains(id); k++) {
                id = s.id() + "-" + k;
            }
            taken.add(id);
            out.add(new SyntheticSample(id, s.image(), s.mask(), s.depth()));
        }
        return out;
    }

    /**
     * Writes the dataset layout under {@code root}: {@code train/images}, {@code train/masks},
     * {@code train.csv}, {@code depths.csv} (train and test) and {@code test/images}.
     */
    public void writeDataset(Path root, int trainCount, int testCount) throws IOException {
        Set<String> taken = new HashSet<>();
        List<SyntheticSample> train = samples(Split.TRAIN, trainCount, taken);
        List<SyntheticSample> test = samples(Split.TEST, testCount, taken);
        Map<String, BinaryMask> masks = new TreeMap<>();
        Map<String, Integer> depths = new TreeMap<>();
        try (Progress progress = ProgressFactory.find().start("generate", (long) trainCount + testCount, "img")) {
            for (SyntheticSample s : train) {
                PngImageWriter.write(s.image(), root.resolve("train/images/" + s.id() + ".png"));
                PngImageWriter.write(s.mask(), root.resolve("train/masks/" + s.id() + ".png"));
                masks.put(s.id(), s.mask());
                depths.put(s.id(), s.depth());
                progress.step(1);
            }
            for (SyntheticSample s : test) {
                PngImageWriter.write(s.image(), root.resolve("test/images/" + s.id() + ".png"));
                depths.put(s.id(), s.depth());
                progress.step(1);
            }
        }
        SubmissionCsv.write(root.resolve("train.csv"), masks);
        DepthsCsv.write(root.resolve("depths.csv"), depths);
    }

    /** 0 for an empty mask (40%), 0.88..0.98 (5%), else uniform 0.03..0.85. */
    private static double targetCoverage(Random random) {
        double u = random.nextDouble();
        if (u < 0.40) {
            return 0;
        }
        if (u < 0.45) {
            return 0.88 + 0.10 * random.nextDouble();
        }
        return 0.03 + 0.82 * random.nextDouble();
    }

    private static GrayImage render(Random random, Boundary boundary) {
        double contrast = 0.6 + 0.4 * random.nextDouble();
        double brightness = 0.45 + 0.1 * random.nextDouble();
        double period = 5 + 8 * random.nextDouble();
        double phase = TWO_PI * random.nextDouble();
        double foldAmp1 = 2 + 10 * random.nextDouble();
        double foldLen1 = 60 + 120 * random.nextDouble();
        double foldPhase1 = TWO_PI * random.nextDouble();
        double foldAmp2 = 1 + 3 * random.nextDouble();
        double foldLen2 = 15 + 25 * random.nextDouble();
        double foldPhase2 = TWO_PI * random.nextDouble();
        double dip = 0.3 * (random.nextDouble() - 0.5);
        double bandLen = 20 + 30 * random.nextDouble();
        double bandPhase = TWO_PI * random.nextDouble();
        double saltShift = (random.nextBoolean() ? 1 : -1) * (0.06 + 0.06 * random.nextDouble());
        double[] sedimentNoise = SmoothNoise.field(random, KaggleImage.SIDE, 3);
        double[] saltNoise = SmoothNoise.field(random, KaggleImage.SIDE, 1);
        float[] pixels = new float[KaggleImage.SIDE * KaggleImage.SIDE];
        for (int y = 0; y < KaggleImage.SIDE; y++) {
            for (int x = 0; x < KaggleImage.SIDE; x++) {
                int i = y * KaggleImage.SIDE + x;
                double folded = y + foldAmp1 * StrictMath.sin(TWO_PI * x / foldLen1 + foldPhase1)
                        + foldAmp2 * StrictMath.sin(TWO_PI * x / foldLen2 + foldPhase2) + dip * (x - 50);
                double layers = StrictMath.sin(TWO_PI * folded / period + phase)
                        * (0.6 + 0.4 * StrictMath.sin(TWO_PI * folded / bandLen + bandPhase));
                double depthIntoSalt = boundary.depthInside(x, y);
                double v;
                if (depthIntoSalt < 0) {
                    v = brightness + contrast * (0.28 * layers + 0.05 * sedimentNoise[i])
                            + 0.02 * random.nextGaussian();
                } else {
                    // Chaotic salt: speckle, a trace of layering, shifted mean, a bright top-of-salt reflector.
                    double rim = depthIntoSalt < 2.5 ? 0.15 * (1 - depthIntoSalt / 2.5) : 0;
                    v = brightness + saltShift + contrast * (0.04 * layers + 0.12 * saltNoise[i]) + rim
                            + 0.05 * random.nextGaussian();
                }
                // Quantise now so the in-memory image equals what the 8-bit PNG reads back as.
                pixels[i] = (int) StrictMath.round(StrictMath.max(0, StrictMath.min(1, v)) * 255) / 255f;
            }
        }
        return new GrayImage(KaggleImage.SIDE, KaggleImage.SIDE, pixels);
    }

    /** A 64-bit mix of the seed, split and index (SplitMix64's finaliser) for independent streams. */
    private static long mix(long seed, int split, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + split * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

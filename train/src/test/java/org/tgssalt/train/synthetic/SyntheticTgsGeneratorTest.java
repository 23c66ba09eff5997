package org.tgssalt.train.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.GrayImage;
import org.tgssalt.metric.KaggleMetric;
import org.tgssalt.train.datacheck.ConsistencyReport;
import org.tgssalt.train.datacheck.DatasetCheck;
import org.tgssalt.train.synthetic.SyntheticTgsGenerator.Split;

class SyntheticTgsGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void sameSeedWritesSameBytesAndPassesTheCheck() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        new SyntheticTgsGenerator(7).writeDataset(a, 30, 10);
        new SyntheticTgsGenerator(7).writeDataset(b, 30, 10);
        List<Path> filesA = files(a);
        assertEquals(30 * 2 + 10 + 2, filesA.size());
        assertEquals(filesA.stream().map(a::relativize).toList(), files(b).stream().map(b::relativize).toList());
        for (Path f : filesA) {
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(b.resolve(a.relativize(f))), f.toString());
        }
        ConsistencyReport report = DatasetCheck.of(TgsDataset.at(a)).run();
        assertEquals(List.of(), report.problems());
        assertEquals(new ConsistencyReport(30, 30, 30, 10, List.of()), report);
        // The in-memory image is exactly what the PNG reads back as.
        SyntheticTgsGenerator generator = new SyntheticTgsGenerator(7);
        SyntheticSample first = generator.sample(Split.TRAIN, 0);
        assertEquals(first.image(), TgsDataset.at(a).trainImage(first.id()));
        assertEquals(first.mask(), TgsDataset.at(a).trainMask(first.id()));
        // A different seed gives different data.
        assertNotEquals(first.image(), new SyntheticTgsGenerator(8).sample(Split.TRAIN, 0).image());
        // A sample does not depend on how many are generated.
        assertEquals(generator.sample(Split.TEST, 3), generator.sample(Split.TEST, 3));
    }

    /** 200 train samples of seed 1, shared by the tests that only read them. */
    private static final List<SyntheticSample> SEED_1 =
            new SyntheticTgsGenerator(1).samples(Split.TRAIN, 200, new HashSet<>());

    @Test
    void coverageIsSpreadWithAboutFortyPercentEmpty() {
        List<SyntheticSample> samples = SEED_1;
        int empty = 0;
        int[] bins = new int[5]; // non-empty coverage in fifths
        int almostFull = 0;
        for (SyntheticSample s : samples) {
            double coverage = s.mask().area() / (101.0 * 101.0);
            if (coverage == 0) {
                empty++;
            } else {
                bins[Math.min(4, (int) (coverage * 5))]++;
                almostFull += coverage > 0.85 ? 1 : 0;
            }
        }
        assertTrue(empty >= 60 && empty <= 100, "empty masks: " + empty + " of 200");
        assertTrue(almostFull >= 2, "almost full masks: " + almostFull);
        for (int i = 0; i < 4; i++) {
            assertTrue(bins[i] >= 10, "coverage fifth " + i + " has only " + bins[i] + " images: " + java.util.Arrays.toString(bins));
        }
        assertEquals(200, new HashSet<>(samples.stream().map(SyntheticSample::id).toList()).size());
    }

    @Test
    void saltTextureDiffersFromSediment() {
        // Sediment is layered (brightness changes much faster down than across); salt is chaotic.
        SyntheticTgsGenerator generator = new SyntheticTgsGenerator(3);
        double[] sediment = new double[3]; // sum |d/dy|, sum |d/dx|, pairs
        double[] salt = new double[3];
        for (SyntheticSample s : generator.samples(Split.TRAIN, 60, new HashSet<>())) {
            GrayImage g = s.image();
            BinaryMask m = s.mask();
            for (int y = 3; y < 98; y++) {
                for (int x = 3; x < 98; x++) {
                    if (!sameClassAround(m, x, y)) {
                        continue; // stay away from the boundary and its bright reflector
                    }
                    double[] acc = m.get(x, y) ? salt : sediment;
                    acc[0] += Math.abs(g.get(x, y + 1) - g.get(x, y));
                    acc[1] += Math.abs(g.get(x + 1, y) - g.get(x, y));
                    acc[2]++;
                }
            }
        }
        double sedimentAnisotropy = sediment[0] / sediment[1];
        double saltAnisotropy = salt[0] / salt[1];
        System.out.printf("gradient ratio down/across: sediment %.3f, salt %.3f%n", sedimentAnisotropy, saltAnisotropy);
        assertTrue(salt[2] > 10_000 && sediment[2] > 10_000, "too few pixels: salt " + salt[2] + ", sediment " + sediment[2]);
        assertTrue(sedimentAnisotropy > 1.4, "sediment vertical/horizontal gradient ratio " + sedimentAnisotropy);
        assertTrue(saltAnisotropy < 1.2, "salt vertical/horizontal gradient ratio " + saltAnisotropy);
    }

    @Test
    void aHandMadeTextureRuleBeatsTheEmptyMaskBaseline() {
        // Learnability in miniature: calling salt wherever brightness varies across about as much as
        // down (no layering) already beats predicting every mask empty; a trained network does far better.
        Map<String, BinaryMask> truth = new TreeMap<>();
        Map<String, BinaryMask> empty = new TreeMap<>();
        Map<String, BinaryMask> rule = new TreeMap<>();
        for (SyntheticSample s : SEED_1) {
            truth.put(s.id(), s.mask());
            empty.put(s.id(), BinaryMask.empty(101, 101));
            rule.put(s.id(), isotropicTexture(s.image(), 7, 0.9, 300));
        }
        double baseline = KaggleMetric.evaluate(truth, empty, "truth", "empty").score();
        double score = KaggleMetric.evaluate(truth, rule, "truth", "rule").score();
        System.out.printf("empty-mask baseline %.4f, texture rule %.4f%n", baseline, score);
        assertTrue(baseline > 0.3 && baseline < 0.5, "baseline " + baseline);
        assertTrue(score > baseline + 0.08, "texture rule " + score + " vs empty baseline " + baseline);
    }

    /**
     * Salt where, in a (2r+1)^2 window, the summed |d/dx| exceeds {@code ratio} times the summed
     * |d/dy|; empty when fewer than {@code minArea} pixels qualify. Window sums via summed-area tables.
     */
    private static BinaryMask isotropicTexture(GrayImage g, int r, double ratio, int minArea) {
        int n = 101;
        double[] sx = new double[(n + 1) * (n + 1)];
        double[] sy = new double[(n + 1) * (n + 1)];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double dx = Math.abs(g.get(Math.min(n - 1, x + 1), y) - g.get(x, y));
                double dy = Math.abs(g.get(x, Math.min(n - 1, y + 1)) - g.get(x, y));
                int k = (y + 1) * (n + 1) + x + 1;
                sx[k] = dx + sx[k - 1] + sx[k - n - 1] - sx[k - n - 2];
                sy[k] = dy + sy[k - 1] + sy[k - n - 1] - sy[k - n - 2];
            }
        }
        boolean[] p = new boolean[n * n];
        int area = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int x0 = Math.max(0, x - r);
                int x1 = Math.min(n, x + r + 1);
                int y0 = Math.max(0, y - r);
                int y1 = Math.min(n, y + r + 1);
                double wx = sx[y1 * (n + 1) + x1] - sx[y0 * (n + 1) + x1] - sx[y1 * (n + 1) + x0] + sx[y0 * (n + 1) + x0];
                double wy = sy[y1 * (n + 1) + x1] - sy[y0 * (n + 1) + x1] - sy[y1 * (n + 1) + x0] + sy[y0 * (n + 1) + x0];
                p[y * n + x] = wx > ratio * wy;
                area += p[y * n + x] ? 1 : 0;
            }
        }
        return area < minArea ? BinaryMask.empty(n, n) : new BinaryMask(n, n, p);
    }

    private static boolean sameClassAround(BinaryMask m, int x, int y) {
        boolean c = m.get(x, y);
        for (int dy = -3; dy <= 3; dy++) {
            for (int dx = -3; dx <= 3; dx++) {
                if (m.get(x + dx, y + dy) != c) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}

package org.tgssalt.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.dataset.ConsistencyReport;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.GrayImage;
import org.tgssalt.synthetic.SyntheticTgsGenerator.Split;

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
        ConsistencyReport report = TgsDataset.at(a).check();
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

    @Test
    void coverageIsSpreadWithAboutFortyPercentEmpty() {
        SyntheticTgsGenerator generator = new SyntheticTgsGenerator(1);
        List<SyntheticSample> samples = generator.samples(Split.TRAIN, 200, new HashSet<>());
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

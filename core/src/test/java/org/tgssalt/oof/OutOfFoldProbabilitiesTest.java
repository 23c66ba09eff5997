package org.tgssalt.oof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;

class OutOfFoldProbabilitiesTest {
    @TempDir
    Path dir;

    private static float[] random(int images, long seed) {
        Random r = new Random(seed);
        float[] v = new float[images * OutOfFoldProbabilities.PIXELS];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }

    @Test
    void writesTheDocumentedLayout() throws IOException {
        float[] v = random(2, 1);
        v[0] = 0.25f;
        v[OutOfFoldProbabilities.PIXELS + 102] = 1f; // image 1, x=1, y=1
        Path oof = dir.resolve("fold-1/oof");
        OutOfFoldProbabilities.write(oof, List.of("b", "a"), v);
        assertEquals("b\na\n", Files.readString(oof.resolve("ids.txt")));
        byte[] bytes = Files.readAllBytes(oof.resolve("probabilities.f32"));
        assertEquals(2 * 101 * 101 * 4, bytes.length);
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0.25f, le.getFloat(0));
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3e}, java.util.Arrays.copyOf(bytes, 4)); // 0.25f LE
        assertEquals(1f, le.getFloat((OutOfFoldProbabilities.PIXELS + 102) * 4));

        OutOfFoldProbabilities read = OutOfFoldProbabilities.read(oof);
        assertEquals(List.of("b", "a"), read.ids());
        assertArrayEquals(java.util.Arrays.copyOfRange(v, OutOfFoldProbabilities.PIXELS, v.length),
                read.probabilities("a"));
        assertArrayEquals(java.util.Arrays.copyOf(v, OutOfFoldProbabilities.PIXELS), read.probabilities(0));
    }

    @Test
    void concatenatesFolds() throws IOException {
        float[] a = random(2, 2);
        float[] b = random(1, 3);
        OutOfFoldProbabilities.write(dir.resolve("f1"), List.of("x", "y"), a);
        OutOfFoldProbabilities.write(dir.resolve("f2"), List.of("z"), b);
        OutOfFoldProbabilities all = OutOfFoldProbabilities.concat(
                List.of(OutOfFoldProbabilities.read(dir.resolve("f1")), OutOfFoldProbabilities.read(dir.resolve("f2"))));
        assertEquals(List.of("x", "y", "z"), all.ids());
        assertArrayEquals(b, all.probabilities("z"));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> OutOfFoldProbabilities.concat(List.of(all, all)));
        assertEquals("duplicate id 'x'", dup.getMessage());
    }

    @Test
    void errorsNameTheFile() throws IOException {
        Path oof = dir.resolve("oof");
        OutOfFoldProbabilities.write(oof, List.of("a", "b"), random(2, 4));
        Files.writeString(oof.resolve("ids.txt"), "a\nb\nc\n");
        InputException e = assertThrows(InputException.class, () -> OutOfFoldProbabilities.read(oof));
        assertEquals(oof.resolve("probabilities.f32") + ": 81608 bytes, expected 3 x 101 x 101 x 4 = 122412 for the 3 ids in "
                + oof.resolve("ids.txt"), e.getMessage());
        Files.writeString(oof.resolve("ids.txt"), "a\na\n");
        InputException dup = assertThrows(InputException.class, () -> OutOfFoldProbabilities.read(oof));
        assertEquals(oof.resolve("ids.txt") + ": duplicate id 'a'", dup.getMessage());
        InputException missing = assertThrows(InputException.class, () -> OutOfFoldProbabilities.read(dir.resolve("none")));
        assertEquals(dir.resolve("none/ids.txt") + ": file not found", missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OutOfFoldProbabilities.write(oof, List.of("a"), new float[5]));
    }
}

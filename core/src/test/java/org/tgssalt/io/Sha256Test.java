package org.tgssalt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
    // FIPS 180-2 test vectors.
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void knownVectors(@TempDir Path dir) throws IOException {
        assertEquals(ABC, Sha256.of("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(EMPTY, Sha256.of(new byte[0]));
        Path file = dir.resolve("abc");
        Files.writeString(file, "abc");
        assertEquals(ABC, Sha256.ofFile(file));
    }

    @Test
    void largeFileMatchesInMemoryDigest(@TempDir Path dir) throws IOException {
        byte[] data = new byte[200_001];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i ^ (i >> 7));
        }
        Path file = dir.resolve("big");
        Files.write(file, data);
        assertEquals(Sha256.of(data), Sha256.ofFile(file));
    }
}

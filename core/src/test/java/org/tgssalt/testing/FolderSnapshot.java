package org.tgssalt.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The bytes of every file under a folder (or of one file), by relative path: taken before and after
 * a run that must not touch earlier outputs or inputs, and compared file by file.
 */
public final class FolderSnapshot {
    private FolderSnapshot() {}

    /** Every regular file under {@code root} (or {@code root} itself when a file), by path relative to it; empty when missing. */
    public static SortedMap<String, byte[]> bytes(Path root) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        if (Files.isRegularFile(root)) {
            files.put("", Files.readAllBytes(root));
            return files;
        }
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    /** {@link #bytes} as UTF-8 text, for small hand-written fixtures. */
    public static SortedMap<String, String> texts(Path root) throws IOException {
        SortedMap<String, String> texts = new TreeMap<>();
        bytes(root).forEach((k, v) -> texts.put(k, new String(v, StandardCharsets.UTF_8)));
        return texts;
    }

    /** Same files with the same bytes; the message names the first file that differs. */
    public static void assertSame(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet(), "files before and after");
        for (Map.Entry<String, byte[]> e : before.entrySet()) {
            assertArrayEquals(e.getValue(), after.get(e.getKey()), "bytes of " + e.getKey());
        }
    }
}

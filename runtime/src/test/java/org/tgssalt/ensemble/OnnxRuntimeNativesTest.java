package org.tgssalt.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.io.TemporaryFiles;
import org.tgssalt.testing.FolderSnapshot;

/** The per-user cache of ONNX Runtime's native libraries, on a jar made here with stand-in libraries. */
class OnnxRuntimeNativesTest {
    @TempDir
    Path dir;

    /** Stand-in libraries of a jar laid out like ONNX Runtime's. */
    private static final Map<String, byte[]> LINUX = new TreeMap<>(Map.of(
            "libonnxruntime.so", bytes(5000, 1), "libonnxruntime4j_jni.so", bytes(300, 2)));

    private Path jar(String name, Map<String, byte[]> linux) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            put(zip, "ai/onnxruntime/OrtEnvironment.class", bytes(10, 3));
            for (Map.Entry<String, byte[]> e : linux.entrySet()) {
                put(zip, "ai/onnxruntime/native/linux-x64/" + e.getKey(), e.getValue());
            }
            put(zip, "ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib", bytes(70, 4));
        }
        return jar;
    }

    @Test
    void extractsThisPlatformsLibrariesOnceAndReusesThem() throws IOException {
        Path jar = jar("onnxruntime-1.23.2.jar", LINUX);
        Path cache = dir.resolve("cache");
        Path folder = OnnxRuntimeNatives.extract(jar, "linux-x64", cache);

        assertEquals(cache.resolve("onnxruntime"), folder.getParent());
        assertTrue(folder.getFileName().toString().matches("onnxruntime-1\\.23\\.2-linux-x64-[0-9a-f]{12}"),
                folder.toString());
        FolderSnapshot.assertSame(LINUX, FolderSnapshot.bytes(folder));
        assertEquals(List.of(folder), listing(folder.getParent()), "no staging folder left");

        Object inode = Files.readAttributes(folder.resolve("libonnxruntime.so"), BasicFileAttributes.class).fileKey();
        assertEquals(folder, OnnxRuntimeNatives.extract(jar, "linux-x64", cache));
        assertEquals(inode, Files.readAttributes(folder.resolve("libonnxruntime.so"), BasicFileAttributes.class)
                .fileKey(), "the second process reuses the files, it does not write them again");
    }

    @Test
    void anotherJarGetsItsOwnFolder() throws IOException {
        Path cache = dir.resolve("cache");
        Path first = OnnxRuntimeNatives.extract(jar("onnxruntime-1.23.2.jar", LINUX), "linux-x64", cache);
        Map<String, byte[]> changed = new TreeMap<>(LINUX);
        changed.put("libonnxruntime.so", bytes(5000, 9));
        Path second = OnnxRuntimeNatives.extract(jar("onnxruntime-1.23.2-patched.jar", changed), "linux-x64", cache);
        assertFalse(first.equals(second));
        FolderSnapshot.assertSame(LINUX, FolderSnapshot.bytes(first));
        FolderSnapshot.assertSame(changed, FolderSnapshot.bytes(second));
    }

    @Test
    void aDamagedCopyIsExtractedAgain() throws IOException {
        Path jar = jar("onnxruntime-1.23.2.jar", LINUX);
        Path cache = dir.resolve("cache");
        Path folder = OnnxRuntimeNatives.extract(jar, "linux-x64", cache);
        Files.write(folder.resolve("libonnxruntime.so"), bytes(100, 1)); // cut short
        assertEquals(folder, OnnxRuntimeNatives.extract(jar, "linux-x64", cache));
        FolderSnapshot.assertSame(LINUX, FolderSnapshot.bytes(folder));
        assertEquals(List.of(folder), listing(folder.getParent()));
    }

    @Test
    void theStagingFolderOfAKilledExtractionIsRemoved() throws Exception {
        Path jar = jar("onnxruntime-1.23.2.jar", LINUX);
        String name = OnnxRuntimeNatives.extract(jar, "linux-x64", dir.resolve("elsewhere")).getFileName().toString();
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path leftover = Files.createDirectories(dir.resolve("cache/onnxruntime/." + name + ".staging-" + p.pid()));
        Files.write(leftover.resolve("libonnxruntime.so"), bytes(10, 1));
        Path folder = OnnxRuntimeNatives.extract(jar, "linux-x64", dir.resolve("cache"));
        assertEquals(List.of(folder), listing(folder.getParent()));
    }

    @Test
    void aJarWithoutThisPlatformsLibrariesChangesNothing() throws IOException {
        assertNull(OnnxRuntimeNatives.extract(jar("onnxruntime-1.23.2.jar", Map.of()), "linux-x64", dir.resolve("c")));
        assertFalse(Files.exists(dir.resolve("c")));
    }

    @Test
    void platformNamesAreOnnxRuntimes() {
        assertEquals("linux-x64", OnnxRuntimeNatives.osArch("Linux", "amd64"));
        assertEquals("linux-aarch64", OnnxRuntimeNatives.osArch("Linux", "aarch64"));
        assertEquals("osx-aarch64", OnnxRuntimeNatives.osArch("Mac OS X", "aarch64"));
        assertEquals("win-x64", OnnxRuntimeNatives.osArch("Windows 11", "x86_64"));
        assertNull(OnnxRuntimeNatives.osArch("SunOS", "sparcv9"));
    }

    @Test
    void temporaryFilesOnnxRuntimeAnnouncesAreRegisteredForRemoval() throws IOException {
        // ONNX Runtime's own words when it marks its temporary folder and files for deletion at exit.
        Path folder = Files.createDirectories(dir.resolve("tmp/onnxruntime-java123"));
        Path provider = Files.writeString(folder.resolve("libonnxruntime_providers_shared.so"), "x");
        TemporaryFiles registry = new TemporaryFiles();
        TempFileCapture capture = new TempFileCapture(registry);
        capture.publish(new LogRecord(Level.FINE, "Deleting " + provider + " on exit"));
        capture.publish(new LogRecord(Level.FINE, "Deleting " + folder + " on exit"));
        capture.publish(new LogRecord(Level.FINE, "Loaded native library 'onnxruntime' from specified path"));
        assertEquals(List.of(folder), registry.stop(), "newest first: the folder, with the file in it");
        assertEquals(List.of(), listing(dir.resolve("tmp")), "the folder goes too, not only the files in it");
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    private static List<Path> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }
}

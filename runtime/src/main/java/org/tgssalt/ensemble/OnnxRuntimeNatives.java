package org.tgssalt.ensemble;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tgssalt.io.IoReason;
import org.tgssalt.io.TemporaryFiles;

/**
 * Where ONNX Runtime's native libraries live. Left alone, ONNX Runtime copies them out of its jar
 * (22 MB for the CPU build, 393 MB for the CUDA build) into a new {@code java.io.tmpdir/onnxruntime-java*}
 * folder in every process and marks them for deletion at exit in an order that leaves the folder
 * behind; a killed process leaves all of it. Instead, before ONNX Runtime first loads, this class
 * extracts them once per jar into a per-user cache and points ONNX Runtime there with its own
 * setting, the system property {@value #NATIVE_PATH} (a folder holding all its libraries).
 *
 * <p>The cache: system property {@value #CACHE_PROPERTY}, else {@code $XDG_CACHE_HOME/tgs-salt}, else
 * {@code ~/.cache/tgs-salt}; in it {@code onnxruntime/JAR-OSARCH-DIGEST}, the digest covering the
 * names, sizes and CRCs of the jar's native entries, so another jar gets its own folder. Extraction
 * goes into {@code .NAME.staging-PID} renamed into place: concurrent processes and killed extractions
 * never leave a half-filled folder in use, and a dead process's staging folder is removed by the next
 * one. A folder whose files do not match the jar's sizes is extracted again.
 *
 * <p>ONNX Runtime still creates its (then empty) temporary folder in every process, removed at exit
 * (a {@code kill -9} leaves it empty), and the CUDA build still copies its provider libraries there;
 * ONNX Runtime announces each such file in a FINE log record ("Deleting FILE on exit"), which
 * {@link TempFileCapture} turns into a {@link TemporaryFiles} registration, so they go at exit and on
 * {@code TERM}, folder included.
 *
 * <p>Nothing changes when {@value #NATIVE_PATH} is already set, when the classes do not come from a
 * jar, or when the cache cannot be written (one INFO line says so; ONNX Runtime then extracts to the
 * temporary folder as usual).
 */
final class OnnxRuntimeNatives {
    /** ONNX Runtime's system property: the folder holding all its native libraries. */
    static final String NATIVE_PATH = "onnxruntime.native.path";
    /** This project's cache folder, overriding the per-user default. */
    static final String CACHE_PROPERTY = "tgs.cache.dir";

    private static final System.Logger LOG = System.getLogger(OnnxRuntimeNatives.class.getName());
    private static final String RESOURCE_ROOT = "ai/onnxruntime/native/";
    private static final Pattern STAGING = Pattern.compile("\\..+\\.staging-(\\d{1,18})");

    private OnnxRuntimeNatives() {}

    /**
     * Before ONNX Runtime loads: points it at the cached copy of its libraries, extracting them if
     * needed, and starts capturing the temporary files it still makes. Call once, before any ONNX
     * Runtime class is initialised.
     */
    static void prepare() {
        TempFileCapture.install(TemporaryFiles.process());
        if (System.getProperty(NATIVE_PATH) != null) {
            return; // the user's own choice
        }
        String osArch = osArch(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        Path jar = jarOfOnnxRuntime();
        if (osArch == null || jar == null) {
            return;
        }
        Path root = cacheRoot();
        try {
            Path folder = extract(jar, osArch, root);
            if (folder != null) {
                System.setProperty(NATIVE_PATH, folder.toString());
            }
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof IOException io ? IoReason.of(io, root) : e.toString();
            LOG.log(Level.INFO, "ONNX Runtime's native libraries: cannot use the cache in " + root + " (" + reason
                    + "); ONNX Runtime extracts them to " + System.getProperty("java.io.tmpdir") + " for this run");
        }
    }

    /**
     * The cache folder holding the native libraries of {@code jar} for {@code osArch}, extracted
     * under {@code cacheRoot} unless already there; null when the jar has none for this platform.
     */
    static Path extract(Path jar, String osArch, Path cacheRoot) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            String prefix = RESOURCE_ROOT + osArch + "/";
            List<JarEntry> natives = new ArrayList<>();
            for (JarEntry e : Collections.list(file.entries())) {
                String rest = e.getName().startsWith(prefix) ? e.getName().substring(prefix.length()) : "";
                if (!e.isDirectory() && !rest.isEmpty() && !rest.contains("/")) {
                    natives.add(e);
                }
            }
            if (natives.isEmpty()) {
                return null;
            }
            String stem = jar.getFileName().toString().replaceFirst("\\.jar$", "");
            Path folder = cacheRoot.resolve("onnxruntime").resolve(stem + "-" + osArch + "-" + digest(natives));
            if (complete(folder, natives)) {
                return folder;
            }
            Files.createDirectories(folder.getParent());
            removeDeadStaging(folder.getParent());
            Path staging = folder.resolveSibling("." + folder.getFileName() + ".staging-" + ProcessHandle.current().pid());
            try (TemporaryFiles.Registration registration = TemporaryFiles.process().newFolder(staging)) {
                for (JarEntry e : natives) {
                    try (InputStream in = file.getInputStream(e)) {
                        Files.copy(in, staging.resolve(fileName(e)));
                    }
                }
                install(staging, folder, natives);
            } finally {
                deleteTree(staging);
            }
            if (!complete(folder, natives)) {
                throw new IOException(folder + ": extracted, but its files do not match the jar " + jar);
            }
            return folder;
        }
    }

    /** Renames the filled staging folder into place, unless another process got there first. */
    private static void install(Path staging, Path folder, List<JarEntry> natives) throws IOException {
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS) && !complete(folder, natives)) {
            // A damaged copy (a file cut short, say): set it aside, then replace it.
            Path broken = folder.resolveSibling("." + folder.getFileName() + ".broken-" + ProcessHandle.current().pid());
            Files.move(folder, broken, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(broken);
        }
        try {
            Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!complete(folder, natives)) {
                throw e; // not the race with another process: a real failure
            }
        }
    }

    /** True when {@code folder} holds every native entry with the jar's size. */
    static boolean complete(Path folder, List<JarEntry> natives) {
        for (JarEntry e : natives) {
            Path f = folder.resolve(fileName(e));
            try {
                if (!Files.isRegularFile(f) || Files.size(f) != e.getSize()) {
                    return false;
                }
            } catch (IOException ex) {
                return false;
            }
        }
        return true;
    }

    private static void removeDeadStaging(Path parent) throws IOException {
        List<Path> siblings;
        try (var stream = Files.list(parent)) {
            siblings = stream.toList();
        }
        for (Path p : siblings) {
            Matcher m = STAGING.matcher(p.getFileName().toString());
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).filter(ProcessHandle::isAlive).isEmpty()) {
                deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(Collections.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    private static String fileName(JarEntry e) {
        return e.getName().substring(e.getName().lastIndexOf('/') + 1);
    }

    private static String digest(List<JarEntry> natives) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (JarEntry e : natives) {
                sha.update((e.getName() + " " + e.getSize() + " " + e.getCrc() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** ONNX Runtime's name for this platform's resource folder ({@code linux-x64}), or null for one it has none for. */
    static String osArch(String osName, String arch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String a = arch.toLowerCase(Locale.ROOT);
        String detectedOs = os.contains("mac") || os.contains("darwin") ? "osx"
                : os.contains("win") ? "win" : os.contains("nux") ? "linux" : null;
        String detectedArch = a.startsWith("amd64") || a.startsWith("x86_64") ? "x64"
                : a.startsWith("aarch64") ? "aarch64" : null;
        return detectedOs == null || detectedArch == null ? null : detectedOs + "-" + detectedArch;
    }

    /** The per-user cache folder (see the class comment). */
    static Path cacheRoot() {
        String configured = System.getProperty(CACHE_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "tgs-salt");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "tgs-salt");
    }

    /** The jar holding ONNX Runtime's classes, found without initialising them; null when not a jar. */
    private static Path jarOfOnnxRuntime() {
        URL url = OnnxRuntimeNatives.class.getClassLoader().getResource("ai/onnxruntime/OrtEnvironment.class");
        String location = OnnxRuntimeInfo.location(url);
        return location.endsWith(".jar") ? Path.of(location) : null;
    }
}

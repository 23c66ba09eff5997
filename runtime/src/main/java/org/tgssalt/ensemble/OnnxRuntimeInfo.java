package org.tgssalt.ensemble;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Which ONNX Runtime this process loaded: the Maven artifact ({@code onnxruntime} is the CPU build,
 * {@code onnxruntime_gpu} the CUDA build; both hold the same classes), its native version and the
 * execution providers it offers. The providers say what the library was built with, not whether a
 * GPU works: the GPU build lists CUDA on a machine without a driver too.
 *
 * @param artifact the artifact id found in the jar that holds {@link OrtEnvironment}
 *     ({@code META-INF/maven/com.microsoft.onnxruntime/ID/pom.xml}), or {@code unknown}
 * @param version the native library's version ({@link OrtEnvironment#getVersion()})
 * @param providers the execution providers it offers ({@link OrtEnvironment#getAvailableProviders()})
 * @param jar where the classes were loaded from (a jar file name, or the location when not a jar)
 * @param otherJars further class-path entries holding ONNX Runtime's classes (should be empty: they
 *     are shadowed, and a CPU jar first on the class path hides the CUDA provider of a GPU jar)
 */
public record OnnxRuntimeInfo(String artifact, String version, List<String> providers, String jar,
        List<String> otherJars) {
    private static final String CLASS_FILE = "ai/onnxruntime/OrtEnvironment.class";
    private static final String POM_PREFIX = "META-INF/maven/com.microsoft.onnxruntime/";

    public OnnxRuntimeInfo {
        providers = List.copyOf(providers);
        otherJars = List.copyOf(otherJars);
    }

    /** Describes the loaded ONNX Runtime. Reads the jar's directory once; call once per process. */
    static OnnxRuntimeInfo of(OrtEnvironment environment) {
        List<String> providers = new ArrayList<>();
        for (OrtProvider p : OrtEnvironment.getAvailableProviders()) {
            providers.add(p.name());
        }
        // The set is ordered by enum; the CPU provider is always there, show it last as ORT's own lists do.
        if (providers.remove(OrtProvider.CPU.name())) {
            providers.add(OrtProvider.CPU.name());
        }
        URL loaded = OrtEnvironment.class.getResource("OrtEnvironment.class");
        String loadedFrom = location(loaded);
        List<String> others = new ArrayList<>();
        try {
            for (URL url : Collections.list(OrtEnvironment.class.getClassLoader().getResources(CLASS_FILE))) {
                String where = location(url);
                if (!where.equals(loadedFrom)) {
                    others.add(fileName(where));
                }
            }
        } catch (IOException e) {
            others.add("(class path not readable: " + e.getMessage() + ")");
        }
        return new OnnxRuntimeInfo(artifactOf(loadedFrom), environment.getVersion(), providers, fileName(loadedFrom),
                others);
    }

    /** True when the library offers the CUDA execution provider (the GPU build). */
    public boolean offersCuda() {
        return providers.contains(OrtProvider.CUDA.name());
    }

    /**
     * One line for people: {@code onnxruntime_gpu 1.23.2 (onnxruntime_gpu-1.23.2.jar), execution
     * providers CUDA, TENSOR_RT, CPU}, plus any shadowed jars.
     */
    public String describe() {
        String line = artifact + " " + version + " (" + jar + "), execution providers " + String.join(", ", providers);
        return otherJars.isEmpty() ? line : line + "; also on the class path, unused: " + String.join(", ", otherJars);
    }

    /** The jar file path (or other location) of a resource URL; {@code unknown} for null. */
    static String location(URL url) {
        if (url == null) {
            return "unknown";
        }
        String text = url.toString();
        if (text.startsWith("jar:")) {
            int bang = text.indexOf("!/");
            String file = text.substring("jar:".length(), bang < 0 ? text.length() : bang);
            try {
                return Path.of(URI.create(file)).toString();
            } catch (IllegalArgumentException | FileSystemNotFoundException e) {
                return file;
            }
        }
        return text;
    }

    private static String fileName(String location) {
        int slash = location.lastIndexOf('/');
        return slash < 0 ? location : location.substring(slash + 1);
    }

    /** The artifact id recorded inside the jar, or {@code unknown} when the classes do not come from a jar. */
    private static String artifactOf(String jarPath) {
        if (!jarPath.endsWith(".jar")) {
            return "unknown";
        }
        try (JarFile jar = new JarFile(jarPath)) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (name.startsWith(POM_PREFIX) && name.endsWith("/pom.xml")) {
                    return name.substring(POM_PREFIX.length(), name.length() - "/pom.xml".length());
                }
            }
            return "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }
}

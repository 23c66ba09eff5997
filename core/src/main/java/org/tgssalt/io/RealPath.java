package org.tgssalt.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where a path really points, for comparing an output with the inputs before anything is written:
 * symbolic links resolved and {@code .} and {@code ..} gone, also for a path that does not exist
 * yet (the real path of its nearest existing ancestor, then the rest of its names).
 *
 * <pre>{@code
 * if (RealPath.of(overlays).equals(RealPath.of(images))) { ... refuse ... }
 * }</pre>
 *
 * @param path the resolved absolute path
 */
public record RealPath(Path path) {
    /** Resolves {@code p}; when even that fails (say, a folder that cannot be read), the normalised absolute path. */
    public static RealPath of(Path p) {
        Path absolute = p.toAbsolutePath();
        Deque<Path> missing = new ArrayDeque<>();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            missing.push(existing.getFileName());
            existing = existing.getParent();
        }
        Path resolved;
        try {
            resolved = existing == null ? absolute.getRoot() : existing.toRealPath();
        } catch (IOException e) {
            return new RealPath(absolute.normalize());
        }
        while (!missing.isEmpty()) {
            resolved = resolved.resolve(missing.pop());
        }
        return new RealPath(resolved.normalize());
    }

    /** True when this path is {@code folder} or lies anywhere below it. */
    public boolean isWithin(RealPath folder) {
        return path.startsWith(folder.path);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}

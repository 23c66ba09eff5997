package org.tgssalt.manifest;

/** The rule for graph file names in a manifest: a plain name in the manifest's own folder. */
final class GraphFileName {
    private GraphFileName() {}

    static void check(String file) {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("a graph needs a file name");
        }
        // A name that leaves the manifest's folder would let a manifest point anywhere on disk.
        if (file.contains("/") || file.contains("\\") || file.equals(".") || file.equals("..")) {
            throw new IllegalArgumentException("graph file '" + file
                    + "' must be a plain file name in the manifest's folder");
        }
    }
}

package org.tgssalt.manifest;

/**
 * The optional fused graph: every fold, the horizontal-flip TTA and the mean in one ONNX graph with
 * the same input and output as a fold graph.
 *
 * @param file the graph's file name, relative to the manifest's folder
 * @param sha256 the lower-case hex SHA-256 of the file
 */
public record FusedGraph(String file, String sha256) {
    public FusedGraph {
        GraphFileName.check(file);
        Sha256Text.check(file, sha256);
    }
}

package org.tgssalt.manifest;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * The optional fused graph: every fold, the horizontal-flip TTA and the mean in one ONNX graph with
 * the same input and output as a fold graph.
 *
 * @param file the graph's file name, relative to the manifest's folder
 * @param sha256 the lower-case hex SHA-256 of the file
 * @param precision what the graph computes in; null (schema version 1) means {@link Precision#FP32}
 */
public record FusedGraph(String file, String sha256, Precision precision) {
    @JsonCreator
    public FusedGraph {
        GraphFileName.check(file);
        Sha256Text.check(file, sha256);
        precision = precision == null ? Precision.FP32 : precision;
    }

    /** A float32 fused graph. */
    public FusedGraph(String file, String sha256) {
        this(file, sha256, Precision.FP32);
    }
}

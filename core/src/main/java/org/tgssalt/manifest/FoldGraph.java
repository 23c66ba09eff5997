package org.tgssalt.manifest;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * One fold's ONNX graph in the ensemble.
 *
 * @param fold the 1-based fold number
 * @param file the graph's file name, relative to the manifest's folder (no folders allowed)
 * @param sha256 the lower-case hex SHA-256 of the file
 * @param validationScore the fold's validation score (Kaggle mAP) at export, or null when unknown
 * @param precision what the graph computes in; null (schema version 1) means {@link Precision#FP32}
 */
public record FoldGraph(int fold, String file, String sha256, Double validationScore, Precision precision) {
    @JsonCreator
    public FoldGraph {
        if (fold < 1) {
            throw new IllegalArgumentException("fold numbers start at 1, got " + fold);
        }
        GraphFileName.check(file);
        Sha256Text.check(file, sha256);
        precision = precision == null ? Precision.FP32 : precision;
    }

    /** A float32 fold graph. */
    public FoldGraph(int fold, String file, String sha256, Double validationScore) {
        this(fold, file, sha256, validationScore, Precision.FP32);
    }
}

package org.tgssalt.manifest;

/**
 * One fold's ONNX graph in the ensemble.
 *
 * @param fold the 1-based fold number
 * @param file the graph's file name, relative to the manifest's folder (no folders allowed)
 * @param sha256 the lower-case hex SHA-256 of the file
 * @param validationScore the fold's validation score (Kaggle mAP) at export, or null when unknown
 */
public record FoldGraph(int fold, String file, String sha256, Double validationScore) {
    public FoldGraph {
        if (fold < 1) {
            throw new IllegalArgumentException("fold numbers start at 1, got " + fold);
        }
        GraphFileName.check(file);
        Sha256Text.check(file, sha256);
    }
}

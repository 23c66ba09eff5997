package org.tgssalt.manifest;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The manifest's optional {@code int8} section (schema version 2): one calibrated int8 graph per fold,
 * optionally an int8 fused graph, how they were calibrated and how they compared with float32 at export.
 *
 * @param folds the int8 fold graphs (precision int8), one per fold of the manifest
 * @param fused the int8 fused graph, or null
 * @param calibration the calibration's provenance
 * @param quality the quality gate's numbers
 */
public record Int8Graphs(List<FoldGraph> folds, FusedGraph fused, Calibration calibration, Int8Quality quality) {
    public Int8Graphs {
        if (folds == null || folds.isEmpty()) {
            throw new IllegalArgumentException("the int8 section needs its fold graphs");
        }
        folds = List.copyOf(folds);
        Set<Integer> numbers = new HashSet<>();
        for (FoldGraph f : folds) {
            if (f.precision() != Precision.INT8) {
                throw new IllegalArgumentException("int8 section: fold " + f.fold() + " graph " + f.file()
                        + " says precision " + f.precision().text());
            }
            if (!numbers.add(f.fold())) {
                throw new IllegalArgumentException("int8 section: fold " + f.fold() + " is listed twice");
            }
        }
        if (fused != null && fused.precision() != Precision.INT8) {
            throw new IllegalArgumentException("int8 section: fused graph " + fused.file() + " says precision "
                    + fused.precision().text());
        }
        if (calibration == null || quality == null) {
            throw new IllegalArgumentException("int8 section: calibration and quality are required");
        }
    }
}

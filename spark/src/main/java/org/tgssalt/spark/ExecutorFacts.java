package org.tgssalt.spark;

import java.io.Serializable;
import java.util.List;
import org.tgssalt.ensemble.FoldEnsemble;
import org.tgssalt.ensemble.OnnxRuntimeInfo;

/**
 * What one executor JVM's ensemble is, sent back to the driver once per scored partition (through an
 * accumulator) for the report: the device it runs on, the ONNX Runtime, and the settings in effect.
 *
 * @param executor the Spark executor id ({@code driver} in local mode)
 * @param device where the graphs run ({@code cpu}, {@code cuda:0})
 * @param cudaFailure why device auto did not use CUDA, or null
 * @param ortArtifact ONNX Runtime artifact ({@link OnnxRuntimeInfo#artifact()})
 * @param ortVersion its native version
 * @param ortProviders its execution providers
 * @param ortJar where its classes were loaded from
 * @param ortOtherJars shadowed copies on the class path
 * @param batchSize images per graph call
 * @param folds fold graphs in the ensemble
 * @param flipTta whether horizontal-flip TTA is applied
 * @param fused whether the fused graph runs
 * @param precision the graphs' precision ({@code fp32}, {@code int8})
 * @param threshold the mask threshold
 */
record ExecutorFacts(String executor, String device, String cudaFailure, String ortArtifact, String ortVersion,
        List<String> ortProviders, String ortJar, List<String> ortOtherJars, int batchSize, int folds, boolean flipTta,
        boolean fused, String precision, double threshold) implements Serializable {

    ExecutorFacts {
        // Serialisable copies: List.copyOf's lists are serialisable, whatever came in.
        ortProviders = List.copyOf(ortProviders);
        ortOtherJars = List.copyOf(ortOtherJars);
    }

    /** The facts of an open ensemble on executor {@code executor}. */
    static ExecutorFacts of(String executor, FoldEnsemble ensemble) {
        OnnxRuntimeInfo ort = ensemble.onnxRuntime();
        return new ExecutorFacts(executor, ensemble.device(), ensemble.cudaFailure(), ort.artifact(), ort.version(),
                ort.providers(), ort.jar(), ort.otherJars(), ensemble.options().batchSize(),
                ensemble.manifest().folds().size(), ensemble.flipTta(), ensemble.fused(), ensemble.precision().text(),
                ensemble.threshold());
    }

    /** The ONNX Runtime description as the runtime's own record. */
    OnnxRuntimeInfo onnxRuntime() {
        return new OnnxRuntimeInfo(ortArtifact, ortVersion, ortProviders, ortJar, ortOtherJars);
    }
}

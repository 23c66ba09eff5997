package org.tgssalt.spark;

import java.io.Serializable;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.ensemble.EnsembleOptions;
import org.tgssalt.manifest.Precision;
import org.tgssalt.scoring.OnError;

/**
 * What every scoring task needs, as plain serialisable values: {@link SaltSegmenter}'s parameters at the
 * moment {@code transform} was called. Travels to the executors inside {@link PartitionScorer}.
 *
 * @param models where the ensemble is ({@link ModelLocation} syntax)
 * @param device {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}
 * @param threadsPerTask ONNX Runtime intra-op threads per task
 * @param batchSize images per graph call
 * @param fused true, false, or null to follow the manifest (see {@link EnsembleOptions#fused()})
 * @param threshold mask threshold, or null for the manifest's
 * @param onError a bad image fails the task ({@link OnError#FAIL}) or is reported in the error column
 * @param contentColumn the input column of PNG bytes
 * @param pathColumn the input column naming each image (a path or URI)
 * @param probabilities whether to emit the probability map's bytes
 * @param precision {@code fp32} or {@code int8} ({@link Precision#parse}; null means fp32)
 */
record ScoringSpec(String models, String device, int threadsPerTask, int batchSize, Boolean fused, Double threshold,
        OnError onError, String contentColumn, String pathColumn, boolean probabilities, String precision)
        implements Serializable {

    /** A spec of the float32 graphs. */
    ScoringSpec(String models, String device, int threadsPerTask, int batchSize, Boolean fused, Double threshold,
            OnError onError, String contentColumn, String pathColumn, boolean probabilities) {
        this(models, device, threadsPerTask, batchSize, fused, threshold, onError, contentColumn, pathColumn,
                probabilities, null);
    }

    /** The options the executors open the ensemble with. @throws IllegalArgumentException for a bad value */
    EnsembleOptions ensembleOptions() {
        return EnsembleOptions.builder().device(ExecutionDevice.parse(device)).intraOpThreads(threadsPerTask)
                .batchSize(batchSize).fused(fused).threshold(threshold).precision(Precision.parse(precision)).build();
    }
}

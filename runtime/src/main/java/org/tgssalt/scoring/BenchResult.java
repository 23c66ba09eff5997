package org.tgssalt.scoring;

import org.tgssalt.ensemble.OnnxRuntimeInfo;
import org.tgssalt.ensemble.OperatorProfile;

/**
 * One benchmark configuration's measurements.
 *
 * @param graphs {@code separate} or {@code fused}
 * @param batchSize images per graph call
 * @param images images scored (after one warm-up batch)
 * @param seconds wall time for them
 * @param passesPerImage fold forward passes per image (folds times views)
 * @param flopsPerImage floating-point operations per image for the whole ensemble, or -1 when the
 *     manifest does not give the FLOPs of a pass
 * @param residentBytesHalfway resident memory after half of the images (memory planning and arenas
 *     settle in the first batches; flat memory means this equals the value at the end)
 * @param residentBytesAfter resident memory after the run
 * @param peakResidentBytes the process's peak resident memory after the run
 * @param device where the graphs ran
 * @param onnxRuntime the ONNX Runtime that ran them: artifact, version, execution providers
 * @param profile where the kernel time went (warm-up batch included), or null when not profiled
 */
record BenchResult(String graphs, int batchSize, int images, double seconds, int passesPerImage,
        double flopsPerImage, long residentBytesHalfway, long residentBytesAfter, long peakResidentBytes,
        String device, OnnxRuntimeInfo onnxRuntime, OperatorProfile profile) {

    /** Images per second. */
    public double imagesPerSecond() {
        return images / seconds;
    }

    /** Fold forward passes per second. */
    public double passesPerSecond() {
        return imagesPerSecond() * passesPerImage;
    }

    /** Achieved GFLOP/s, or NaN when the FLOPs are unknown. */
    public double gflopsPerSecond() {
        return flopsPerImage < 0 ? Double.NaN : flopsPerImage * imagesPerSecond() / 1e9;
    }
}

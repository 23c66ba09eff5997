package org.tgssalt.ensemble;

import java.nio.file.Path;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.Precision;

/**
 * How {@link FoldEnsemble} runs its graphs. Immutable; make one with {@link #builder()} or take
 * {@link #defaults()}.
 *
 * @param device where the graphs run
 * @param intraOpThreads ONNX Runtime intra-op threads, 0 for one per available core
 * @param batchSize images per graph call (each call holds twice as many with flip TTA), 1 to
 *     {@value #MAX_BATCH_SIZE}
 * @param tta horizontal-flip TTA on or off, or null to follow the manifest
 * @param threshold mask threshold overriding the manifest's, or null for the manifest's
 * @param fused true: the manifest's fused graph (an error when it lists none); false: the separate fold
 *     graphs; null (default): the fused graph when the manifest lists one and TTA is not turned off
 * @param precision which of the manifest's graphs run: {@link Precision#FP32} (default; null means it) or the
 *     calibrated {@link Precision#INT8} graphs (an error when the manifest lists none)
 * @param profileDirectory an existing folder where each session writes ONNX Runtime's profile (kernel times per
 *     node), or null (default) for no profiling
 */
public record EnsembleOptions(
        ExecutionDevice device, int intraOpThreads, int batchSize, Boolean tta, Double threshold, Boolean fused,
        Precision precision, Path profileDirectory) {

    /**
     * Images per graph call unless told otherwise. One, because on the CPU larger batches were
     * slower for the f = 2 network (fused graph: 13.4 passes/s at batch 1, 7.4 at batch 4; separate
     * graphs: 3.7 and 1.4) and activation memory grows with the batch.
     */
    public static final int DEFAULT_BATCH_SIZE = 1;
    /**
     * The largest batch: a batch's images, their mirror images and the graphs' activations are in
     * memory at once (about 2 MB of activations per image at f = 2), and larger batches were not
     * faster on any device measured. Absurd values are refused, not attempted.
     */
    public static final int MAX_BATCH_SIZE = 1024;
    /** The most intra-op threads: far beyond any machine's cores; refuses absurd values before ONNX Runtime starts them. */
    public static final int MAX_INTRA_OP_THREADS = 1024;

    public EnsembleOptions {
        if (device == null) {
            throw new IllegalArgumentException("a device is required");
        }
        if (intraOpThreads < 0 || intraOpThreads > MAX_INTRA_OP_THREADS) {
            throw new IllegalArgumentException("intra-op threads must be 0 (all cores) or 1 to " + MAX_INTRA_OP_THREADS
                    + ", got " + intraOpThreads);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch size must be 1 to " + MAX_BATCH_SIZE + " images, got " + batchSize
                    + " (a batch's images and the graphs' activations are in memory at once)");
        }
        if (threshold != null && !(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must lie strictly between 0 and 1, got " + threshold);
        }
        if (Boolean.TRUE.equals(fused) && Boolean.FALSE.equals(tta)) {
            throw new IllegalArgumentException("the fused graph always applies flip TTA; turn TTA off with the "
                    + "separate fold graphs only");
        }
        precision = precision == null ? Precision.FP32 : precision;
    }

    /** Options running the float32 graphs. */
    public EnsembleOptions(ExecutionDevice device, int intraOpThreads, int batchSize, Boolean tta, Double threshold,
            Boolean fused) {
        this(device, intraOpThreads, batchSize, tta, threshold, fused, Precision.FP32, null);
    }

    /**
     * Device auto, all cores, batch {@value #DEFAULT_BATCH_SIZE}, TTA, threshold and graphs from the
     * manifest (its fused graph when it lists one).
     */
    public static EnsembleOptions defaults() {
        return builder().build();
    }

    /** Whether {@code manifest} runs through its fused graph under these options. */
    boolean usesFused(EnsembleManifest manifest) {
        return fused != null ? fused : manifest.fused(precision) != null && !Boolean.FALSE.equals(tta);
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().device(device).intraOpThreads(intraOpThreads).batchSize(batchSize).tta(tta)
                .threshold(threshold).fused(fused).precision(precision).profileDirectory(profileDirectory);
    }

    /** Builds {@link EnsembleOptions}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private ExecutionDevice device = ExecutionDevice.AUTO;
        private int intraOpThreads;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Boolean tta;
        private Double threshold;
        private Boolean fused;
        private Precision precision = Precision.FP32;
        private Path profileDirectory;

        private Builder() {}

        /** Where the graphs run (default auto). */
        public Builder device(ExecutionDevice value) {
            this.device = value;
            return this;
        }

        /** Intra-op threads, 0 for all cores (default). */
        public Builder intraOpThreads(int value) {
            this.intraOpThreads = value;
            return this;
        }

        /** Images per graph call (default {@value EnsembleOptions#DEFAULT_BATCH_SIZE}). */
        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /** Flip TTA on or off; null follows the manifest (default). */
        public Builder tta(Boolean value) {
            this.tta = value;
            return this;
        }

        /** Threshold override; null uses the manifest's (default). */
        public Builder threshold(Double value) {
            this.threshold = value;
            return this;
        }

        /** True: the fused graph; false: the separate fold graphs; null follows the manifest (default). */
        public Builder fused(Boolean value) {
            this.fused = value;
            return this;
        }

        /** float32 (default) or the manifest's calibrated int8 graphs. */
        public Builder precision(Precision value) {
            this.precision = value;
            return this;
        }

        /**
         * An existing folder for ONNX Runtime's profiles (one trace per session, read with
         * {@link OperatorProfile}; end them with {@link FoldEnsemble#endProfiling()}), or null for none (default).
         * Profiling costs some speed.
         */
        public Builder profileDirectory(Path value) {
            this.profileDirectory = value;
            return this;
        }

        /** The options. @throws IllegalArgumentException for invalid values */
        public EnsembleOptions build() {
            return new EnsembleOptions(device, intraOpThreads, batchSize, tta, threshold, fused, precision,
                    profileDirectory);
        }
    }
}

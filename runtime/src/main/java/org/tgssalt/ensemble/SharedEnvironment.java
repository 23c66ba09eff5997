package org.tgssalt.ensemble;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import java.lang.System.Logger.Level;

/**
 * The process's one {@link OrtEnvironment}, made with a global intra-op thread pool so that the ten
 * fold sessions share threads instead of oversubscribing the cores with ten pools.
 *
 * <p>ONNX Runtime allows the thread pool to be set only when the environment is first created. If
 * some other code made the environment first, sessions fall back to their own pools
 * ({@link #globalThreads()} is then 0). Never closed: closing is a no-op since ORT 1.11.
 *
 * <p>It also describes the loaded library once ({@link #onnxRuntime()}) and holds the process's
 * {@link CudaProvider} ({@link #cuda()}), which remembers why device {@code auto} could not use CUDA.
 * Thread-safe.
 */
final class SharedEnvironment {
    private static final System.Logger LOG = System.getLogger(SharedEnvironment.class.getName());
    // The environment is per process in ONNX Runtime itself; this field mirrors that, set once.
    private static SharedEnvironment instance;

    private final OrtEnvironment environment;
    private final int globalThreads;
    private final OnnxRuntimeInfo onnxRuntime;
    private final CudaProvider cuda;

    private SharedEnvironment(OrtEnvironment environment, int globalThreads) {
        this.environment = environment;
        this.globalThreads = globalThreads;
        this.onnxRuntime = OnnxRuntimeInfo.of(environment);
        this.cuda = CudaProvider.of(onnxRuntime);
        if (!onnxRuntime.otherJars().isEmpty()) {
            LOG.log(Level.WARNING, "more than one ONNX Runtime jar on the class path: using " + onnxRuntime.jar()
                    + ", ignoring " + String.join(", ", onnxRuntime.otherJars()) + "; keep only one");
        }
    }

    /**
     * The process's ONNX Runtime environment, created on first use with a pool of one thread per core
     * ({@link FoldEnsemble#ortEnvironment()} hands it to other modules).
     */
    static OrtEnvironment ortEnvironment() {
        return get(0).environment;
    }

    /**
     * The shared environment, created on first use with a global pool of {@code threads} intra-op
     * threads (0: one per available core).
     */
    static synchronized SharedEnvironment get(int threads) {
        if (instance == null) {
            instance = create(threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        }
        return instance;
    }

    private static SharedEnvironment create(int threads) {
        // Before any ONNX Runtime class loads its libraries: from the per-user cache, not a temp copy.
        OnnxRuntimeNatives.prepare();
        try (OrtEnvironment.ThreadingOptions pool = new OrtEnvironment.ThreadingOptions()) {
            pool.setGlobalIntraOpNumThreads(threads);
            pool.setGlobalInterOpNumThreads(1);
            // Spinning workers would take the cores from the PNG decoder and the TTA bookkeeping.
            pool.setGlobalSpinControl(false);
            return new SharedEnvironment(
                    OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "tgs-salt", pool),
                    threads);
        } catch (IllegalStateException e) {
            LOG.log(Level.INFO, "ONNX Runtime environment was created elsewhere without a global thread pool; "
                    + "each session uses its own threads");
            return new SharedEnvironment(OrtEnvironment.getEnvironment(), 0);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot configure ONNX Runtime's global thread pool: " + e.getMessage(), e);
        }
    }

    /** The environment. */
    OrtEnvironment environment() {
        return environment;
    }

    /** Threads in the global intra-op pool, or 0 when there is none. */
    int globalThreads() {
        return globalThreads;
    }

    /** The loaded ONNX Runtime: artifact, version, execution providers. */
    OnnxRuntimeInfo onnxRuntime() {
        return onnxRuntime;
    }

    /** The loaded build's CUDA execution provider, with the process's memory of a fallback. */
    CudaProvider cuda() {
        return cuda;
    }
}

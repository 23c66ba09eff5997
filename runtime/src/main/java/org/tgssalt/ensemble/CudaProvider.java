package org.tgssalt.ensemble;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;

/**
 * ONNX Runtime's CUDA execution provider as this process sees it: whether the loaded build offers it, how a
 * session gets it, and why device {@code auto} fell back to the CPU earlier. That reason is remembered because
 * the provider library either loads in a process or it does not, so later ensembles skip the attempt (about
 * 3 s with the GPU jar and no driver) and the warning is printed once per process.
 *
 * <p>{@link SharedEnvironment} holds the process's one ({@link #of(OnnxRuntimeInfo)}); tests make their own
 * with {@link #offered(Attach)} or {@link #absent(String)} to drive either branch of {@link GraphLoader}
 * whichever build and machine they run on. Thread-safe.
 */
final class CudaProvider {
    /** Adds the CUDA execution provider for device {@code deviceId} to a session's options. */
    @FunctionalInterface
    interface Attach {
        /** @throws OrtException when CUDA cannot be used (no driver, no CUDA libraries, no such device) */
        void to(SessionOptions options, int deviceId) throws OrtException;
    }

    private final Attach attach;
    private final String absence;
    private String fallback;

    private CudaProvider(Attach attach, String absence) {
        this.attach = attach;
        this.absence = absence;
    }

    /** The provider of the loaded ONNX Runtime: {@link SessionOptions#addCUDA(int)} when the build offers it. */
    static CudaProvider of(OnnxRuntimeInfo ort) {
        return ort.offersCuda() ? offered(SessionOptions::addCUDA)
                : absent("ONNX Runtime " + ort.artifact() + " " + ort.version() + " offers no CUDA execution provider "
                        + "(providers " + String.join(", ", ort.providers()) + ")");
    }

    /** A build that offers CUDA (the GPU build); {@code attach} adds it to a session, or fails saying why. */
    static CudaProvider offered(Attach attach) {
        return new CudaProvider(attach, null);
    }

    /** A build that cannot have CUDA (the CPU build); {@code why} names what was loaded. */
    static CudaProvider absent(String why) {
        return new CudaProvider(null, why);
    }

    /** True when the build offers the CUDA execution provider (which says nothing about a working GPU). */
    boolean offered() {
        return attach != null;
    }

    /** Why the build cannot run on CUDA, or null when it offers the provider. */
    String absence() {
        return absence;
    }

    /**
     * Adds the provider for {@code deviceId} to {@code options}.
     *
     * @throws OrtException when CUDA cannot be used
     * @throws IllegalStateException when the build offers no CUDA provider (check {@link #offered()} first)
     */
    void attach(SessionOptions options, int deviceId) throws OrtException {
        if (attach == null) {
            throw new IllegalStateException(absence);
        }
        attach.to(options, deviceId);
    }

    /** Why device {@code auto} fell back to the CPU earlier in this process, or null. */
    synchronized String fallback() {
        return fallback;
    }

    /**
     * Records the first reason device {@code auto} fell back to the CPU.
     *
     * @return true for the first call (the caller then tells the user), false afterwards
     */
    synchronized boolean recordFallback(String reason) {
        if (fallback != null) {
            return false;
        }
        fallback = reason;
        return true;
    }
}

package org.tgssalt.device;

import java.util.Locale;

/**
 * Where a model runs, spelled the same by every command ({@code --device}) and API: {@code auto}
 * (CUDA when it can be used, else the CPU; the scorer's GPU build logs one line saying why, its CPU build has no
 * CUDA to try and stays quiet), {@code cpu}, or {@code cuda[:N]} (CUDA device N, 0 unless given). What
 * {@code cuda} does without a usable CUDA device is the user's: the scorer fails with the reason; training falls
 * back to the CPU with a warning, so that a long run meant for a GPU still completes. Scoring on CUDA needs the
 * {@code onnxruntime_gpu} jar (Maven profile {@code gpu}) and the CUDA 12 libraries; training needs a CUDA build
 * of PyTorch's natives (README, GPU).
 *
 * @param kind what was asked for
 * @param cudaId the CUDA device number (0 unless given)
 */
public record ExecutionDevice(Kind kind, int cudaId) {
    /** The kinds of device request. */
    public enum Kind {
        /** CUDA if available, else CPU. */
        AUTO,
        /** CPU only. */
        CPU,
        /** CUDA or fail. */
        CUDA
    }

    /** CUDA when possible, else CPU. */
    public static final ExecutionDevice AUTO = new ExecutionDevice(Kind.AUTO, 0);
    /** The CPU. */
    public static final ExecutionDevice CPU = new ExecutionDevice(Kind.CPU, 0);

    public ExecutionDevice {
        if (kind == null) {
            throw new IllegalArgumentException("a device kind is required");
        }
        if (cudaId < 0) {
            throw new IllegalArgumentException("CUDA device numbers start at 0, got " + cudaId);
        }
    }

    /** CUDA device {@code id}. */
    public static ExecutionDevice cuda(int id) {
        return new ExecutionDevice(Kind.CUDA, id);
    }

    /**
     * Parses {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static ExecutionDevice parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "auto":
                return AUTO;
            case "cpu":
                return CPU;
            case "cuda":
                return cuda(0);
            default:
                if (t.startsWith("cuda:")) {
                    try {
                        return cuda(Integer.parseInt(t.substring("cuda:".length())));
                    } catch (NumberFormatException e) {
                        // fall through to the general message
                    }
                }
                throw new IllegalArgumentException("device must be auto, cpu, cuda or cuda:N, got '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case AUTO -> "auto";
            case CPU -> "cpu";
            case CUDA -> "cuda:" + cudaId;
        };
    }
}

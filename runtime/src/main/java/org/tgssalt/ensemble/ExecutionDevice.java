package org.tgssalt.ensemble;

import java.util.Locale;

/**
 * Where the graphs run: {@code auto} (CUDA when its execution provider loads, else the CPU; the GPU
 * build logs one line saying why, the CPU build has no CUDA to try and stays quiet), {@code cpu}, or
 * {@code cuda[:id]} (CUDA or a failure with the reason). CUDA needs the {@code onnxruntime_gpu} jar
 * (Maven profile {@code gpu}) and the CUDA 12 libraries.
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

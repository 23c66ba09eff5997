package org.tgssalt.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The process environment that PyTorch's CPU natives need to train correctly and fast. Both settings are read
 * by native code when the process starts, so a JVM cannot set them for itself; {@code ./tgs} and the test build
 * export them, and an application that trains in its own JVM has to do the same.
 *
 * <ul>
 *   <li>{@code ONEDNN_MAX_CPU_ISA} (or {@code DNNL_MAX_CPU_ISA}) {@code =AVX}: PyTorch 2.7.1's oneDNN returned
 *       wrong, sometimes NaN, convolution input gradients with its AVX2 and AVX-512 kernels on this project's
 *       AMD EPYC machines; the AVX kernels are right.</li>
 *   <li>{@code GLIBC_TUNABLES} with {@code glibc.malloc.mmap_max=0}: without it glibc hands every large freed
 *       tensor back to the kernel and the next step faults it in again, page by page (about 2.8x slower steps
 *       at f = 2, batch 8).</li>
 * </ul>
 */
public final class CpuNativeSettings {
    /** The value {@code ./tgs} exports for {@code GLIBC_TUNABLES}. */
    public static final String GLIBC_TUNABLES =
            "glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=4294967296:glibc.malloc.arena_max=1";

    private CpuNativeSettings() {}

    /**
     * One line per setting missing from {@code environment}; empty when both are there.
     *
     * @param environment the process environment, usually {@link System#getenv()}
     */
    public static List<String> missing(Map<String, String> environment) {
        List<String> notes = new ArrayList<>();
        if (environment.get("ONEDNN_MAX_CPU_ISA") == null && environment.get("DNNL_MAX_CPU_ISA") == null) {
            notes.add("note: ONEDNN_MAX_CPU_ISA is not set (./tgs sets AVX); on some CPUs oneDNN's AVX2/AVX-512"
                    + " kernels give wrong or NaN convolution gradients (NaN steps are skipped)");
        }
        String tunables = environment.getOrDefault("GLIBC_TUNABLES", "");
        if (!tunables.contains("glibc.malloc.mmap_max=0")) {
            notes.add("note: GLIBC_TUNABLES has no glibc.malloc.mmap_max=0 (./tgs sets " + GLIBC_TUNABLES
                    + "); without it training steps on the CPU are about 2-3x slower");
        }
        return notes;
    }
}

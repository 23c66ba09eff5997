package org.tgssalt.scoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This process's resident memory from {@code /proc/self/status} (Linux): current ({@code VmRSS})
 * and peak ({@code VmHWM}). Both are -1 where the file does not exist.
 */
final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {}

    /** Current resident set size in bytes, or -1. */
    static long residentBytes() {
        return field("VmRSS:");
    }

    /** Peak resident set size in bytes since the process started, or -1. */
    static long peakResidentBytes() {
        return field("VmHWM:");
    }

    private static long field(String name) {
        List<String> lines;
        try {
            lines = Files.readAllLines(STATUS);
        } catch (IOException e) {
            return -1;
        }
        for (String line : lines) {
            if (line.startsWith(name)) {
                // "VmHWM:	  123456 kB"
                String[] parts = line.substring(name.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return -1;
    }
}

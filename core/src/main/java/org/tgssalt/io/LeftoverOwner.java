package org.tgssalt.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the process that named a leftover file or folder after itself ({@code ...-PID}) may still
 * be using it. It may when that process still runs and started before the leftover was last
 * changed: a newer process that reuses the id does not count. The current process counts as live:
 * its own temporary files may be in use by another thread.
 */
final class LeftoverOwner {
    private LeftoverOwner() {}

    /** True unless process {@code pid} is certainly gone (or is not the process that wrote {@code leftover}). */
    static boolean mayBeLive(long pid, Path leftover) {
        if (pid == ProcessHandle.current().pid()) {
            return true;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return false;
        }
        Optional<Instant> started = process.get().info().startInstant();
        try {
            Instant changed = Files.getLastModifiedTime(leftover, LinkOption.NOFOLLOW_LINKS).toInstant();
            return started.isEmpty() || !started.get().isAfter(changed);
        } catch (IOException e) {
            return true; // cannot tell: leave it alone
        }
    }
}

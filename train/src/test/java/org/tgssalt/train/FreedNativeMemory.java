package org.tgssalt.train;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/**
 * Makes the JVM free the native memory of unreachable direct buffers now: a garbage collection, then
 * waiting until the cleaner thread has released them (the count of live direct buffers stops falling).
 * DJL's PyTorch engine keeps arrays made from Java data in such buffers, so a test can call this
 * between a forward and a backward pass to find tensors whose memory the backward pass would read
 * after it was freed.
 */
final class FreedNativeMemory {
    private FreedNativeMemory() {}

    /** Collects garbage and waits (at most about 2 s) until the freed direct buffers are released. */
    static void collect() {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("this JVM reports no direct buffer pool"));
        long previous = Long.MAX_VALUE;
        for (int round = 0; round < 40; round++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the cleaner", e);
            }
            long count = direct.getCount();
            if (count >= previous && round >= 3) {
                return;
            }
            previous = Math.min(previous, count);
        }
    }
}

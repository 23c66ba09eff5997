package org.tgssalt.progress;

import java.io.PrintStream;
import java.util.Locale;

/** Progress as plain lines on stderr, at most one every few seconds: for logs and non-terminals. */
public final class PlainProgress implements Progress {
    /** A factory of plain progress printing to {@code System.err} every 5 seconds. */
    public static final ProgressFactory FACTORY = (task, total, unit) ->
            new PlainProgress(task, total, unit, System.err, 5_000_000_000L);

    private final String task;
    private final long total;
    private final String unit;
    private final PrintStream stream;
    private final long intervalNanos;
    private final long startNanos = System.nanoTime();
    private long lastPrintNanos = startNanos;
    private long done;
    private String status = "";

    /**
     * @param task name printed at the start of each line
     * @param total units to do, or -1 when unknown
     * @param unit the unit's name
     * @param stream where lines go
     * @param intervalNanos least time between two lines
     */
    public PlainProgress(String task, long total, String unit, PrintStream stream, long intervalNanos) {
        this.task = task;
        this.total = total;
        this.unit = unit;
        this.stream = stream;
        this.intervalNanos = intervalNanos;
    }

    @Override
    public synchronized void step(long n) {
        done += n;
        long now = System.nanoTime();
        if (now - lastPrintNanos >= intervalNanos) {
            lastPrintNanos = now;
            stream.println(line(now));
        }
    }

    @Override
    public synchronized void status(String text) {
        status = text;
    }

    @Override
    public synchronized void close() {
        stream.println(line(System.nanoTime()));
    }

    private String line(long now) {
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = done / seconds;
        StringBuilder b = new StringBuilder(task).append(": ").append(done);
        if (total >= 0) {
            b.append('/').append(total);
        }
        b.append(' ').append(unit).append(String.format(Locale.ROOT, ", %.2f %s/s", rate, unit));
        if (total > 0 && rate > 0 && done < total) {
            b.append(String.format(Locale.ROOT, ", ETA %.0f s", (total - done) / rate));
        }
        if (!status.isEmpty()) {
            b.append(", ").append(status);
        }
        return b.toString();
    }
}

package org.tgssalt.ensemble;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The sessions of one ensemble and their single owner: opened all together or not at all (when
 * one fails, those already open are closed before the error propagates), closed all together
 * (every session, even when one fails to close, later failures suppressed), once.
 */
final class SessionGroup implements AutoCloseable {
    private final List<OrtSession> sessions;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SessionGroup(List<OrtSession> sessions) {
        this.sessions = List.copyOf(sessions);
    }

    /**
     * Opens one session per item, in order.
     *
     * @throws RuntimeException the opener's failure, after closing the sessions opened before it
     */
    static <T> SessionGroup open(List<T> items, Function<T, OrtSession> opener) {
        List<OrtSession> opened = new ArrayList<>(items.size());
        try {
            for (T item : items) {
                opened.add(opener.apply(item));
            }
            return new SessionGroup(opened);
        } catch (RuntimeException | Error e) {
            closeAll(opened, e);
            throw e;
        }
    }

    /** The sessions, in opening order. */
    List<OrtSession> sessions() {
        return sessions;
    }

    /** True once {@link #close()} has begun. */
    boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            IllegalStateException failure = new IllegalStateException("closing the ensemble's sessions failed");
            closeAll(sessions, failure);
            if (failure.getSuppressed().length > 0) {
                throw failure;
            }
        }
    }

    private static void closeAll(List<OrtSession> sessions, Throwable primary) {
        for (OrtSession s : sessions) {
            try {
                s.close();
            } catch (OrtException | RuntimeException e) {
                primary.addSuppressed(e);
            }
        }
    }
}

package org.tgssalt.io;

import java.io.IOException;

/**
 * A consumer that may throw {@link IOException}, e.g. code that writes to a stream.
 *
 * @param <T> what is consumed
 */
@FunctionalInterface
public interface IoConsumer<T> {
    /** Consumes {@code value}. */
    void accept(T value) throws IOException;
}

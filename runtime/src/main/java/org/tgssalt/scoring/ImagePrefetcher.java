package org.tgssalt.scoring;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import org.tgssalt.InputException;
import org.tgssalt.ensemble.ScoringImageReader;
import org.tgssalt.image.GrayImage;

/**
 * Decodes PNG files on a background thread, ahead of inference, into a bounded queue of batches:
 * at most {@code capacity} batches wait in memory however many files there are.
 *
 * <p>One consumer calls {@link #next()}; {@link #close()} stops the decoder (also midway).
 */
final class ImagePrefetcher implements AutoCloseable {
    /** One decoded image, or the reason it could not be decoded. */
    record Item(Path file, GrayImage image, InputException error) {
        String id() {
            return ImageFolder.id(file);
        }
    }

    private static final List<Item> END = List.of();

    private final BlockingQueue<List<Item>> queue;
    private final Thread decoder;
    private final Function<Path, GrayImage> reader;
    private volatile Throwable failure;

    ImagePrefetcher(List<Path> files, int batchSize, int capacity) {
        this(files, batchSize, capacity, ScoringImageReader::read);
    }

    /** Same, with another decoder (tests make one that fails as decoding can). */
    ImagePrefetcher(List<Path> files, int batchSize, int capacity, Function<Path, GrayImage> reader) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.reader = reader;
        this.decoder = new Thread(() -> decode(files, batchSize), "tgs-png-decoder");
        decoder.setDaemon(true);
        decoder.start();
    }

    /**
     * The next batch in file order, or an empty list at the end.
     *
     * @throws OutOfMemoryError when decoding ran out of memory (the message names the file)
     * @throws IllegalStateException when the decoder failed unexpectedly otherwise
     */
    List<Item> next() throws InterruptedException {
        List<Item> batch = queue.take();
        if (batch == END) {
            Throwable f = failure;
            if (f instanceof OutOfMemoryError oom) {
                throw oom; // not a decoding problem of the file: the launcher says "out of memory" and how to add some
            }
            if (f != null) {
                throw new IllegalStateException("PNG decoding failed: " + f.getMessage(), f);
            }
            queue.put(END); // later calls see the end again
        }
        return batch;
    }

    private void decode(List<Path> files, int batchSize) {
        try {
            List<Item> batch = new ArrayList<>(batchSize);
            for (Path file : files) {
                try {
                    batch.add(new Item(file, reader.apply(file), null));
                } catch (InputException e) {
                    batch.add(new Item(file, null, e));
                }
                if (batch.size() == batchSize) {
                    queue.put(List.copyOf(batch));
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                queue.put(List.copyOf(batch));
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed by the consumer: stop quietly
        } catch (RuntimeException | Error e) {
            failure = e;
            queue.clear();
            queue.offer(END);
        }
    }

    /** Stops the decoder and waits for it; keeps the caller's interrupt status if interrupted meanwhile. */
    @Override
    public void close() {
        decoder.interrupt();
        try {
            decoder.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

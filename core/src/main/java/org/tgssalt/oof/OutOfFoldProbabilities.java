package org.tgssalt.oof;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tgssalt.InputException;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.io.AtomicFile;

/**
 * Salt probabilities predicted for images a model did not train on (out-of-fold), 101x101 each.
 * On disk, a directory with {@code ids.txt} (one id per line) and {@code probabilities.f32}
 * (little-endian float32, N x 101 x 101, row-major, in the order of the ids); both written
 * atomically.
 *
 * <pre>{@code
 * OutOfFoldProbabilities.write(foldDir.resolve(OutOfFoldProbabilities.FOLDER), ids, probabilities);
 * OutOfFoldProbabilities all = OutOfFoldProbabilities.readRun(checkpoints); // every fold-K/oof
 * OutOfFoldProbabilities some = OutOfFoldProbabilities.concat(List.of(read(f1), read(f2)));
 * float[] p = all.probabilities("abc123");
 * }</pre>
 *
 * <p>Immutable after construction (the array is owned; accessors copy); thread-safe.
 */
public final class OutOfFoldProbabilities {
    /** Values per image. */
    public static final int PIXELS = KaggleImage.PIXELS;
    /** The id list's file name. */
    public static final String IDS_FILE = "ids.txt";
    /** The folder inside each {@code fold-K} checkpoint folder that holds the fold's set. */
    public static final String FOLDER = "oof";
    /** The probabilities' file name. */
    public static final String PROBABILITIES_FILE = "probabilities.f32";

    private final List<String> ids;
    private final float[] values;
    private final Map<String, Integer> index;

    /**
     * @param ids unique, non-empty ids without line breaks
     * @param values {@code ids.size() * 101 * 101} probabilities, image after image (taken, not copied)
     */
    public OutOfFoldProbabilities(List<String> ids, float[] values) {
        if ((long) ids.size() * PIXELS != values.length) {
            throw new IllegalArgumentException("expected " + ids.size() + " x " + KaggleImage.SIDE + " x " + KaggleImage.SIDE + " = "
                    + (long) ids.size() * PIXELS + " probabilities, got " + values.length);
        }
        this.ids = List.copyOf(ids);
        this.values = values;
        this.index = new HashMap<>();
        for (int i = 0; i < this.ids.size(); i++) {
            String id = this.ids.get(i);
            if (id.isEmpty() || id.contains("\n") || id.contains("\r") || !id.strip().equals(id)) {
                throw new IllegalArgumentException("bad id '" + id + "': empty, padded or with a line break");
            }
            if (index.put(id, i) != null) {
                throw new IllegalArgumentException("duplicate id '" + id + "'");
            }
        }
    }

    /** The ids, in file order. */
    public List<String> ids() {
        return ids;
    }

    /** Number of images. */
    public int size() {
        return ids.size();
    }

    /** True when {@code id} is present. */
    public boolean contains(String id) {
        return index.containsKey(id);
    }

    /** A copy of the probabilities of image {@code i} (row-major 101x101). */
    public float[] probabilities(int i) {
        return Arrays.copyOfRange(values, i * PIXELS, (i + 1) * PIXELS);
    }

    /**
     * A copy of the probabilities of the image {@code id}.
     *
     * @throws IllegalArgumentException when the id is absent
     */
    public float[] probabilities(String id) {
        Integer i = index.get(id);
        if (i == null) {
            throw new IllegalArgumentException("no out-of-fold probabilities for id '" + id + "'");
        }
        return probabilities(i);
    }

    /** Joins several sets (e.g. the folds) into one; ids must not repeat. */
    public static OutOfFoldProbabilities concat(List<OutOfFoldProbabilities> parts) {
        List<String> ids = new ArrayList<>();
        int total = 0;
        for (OutOfFoldProbabilities p : parts) {
            ids.addAll(p.ids);
            total += p.values.length;
        }
        float[] values = new float[total];
        int offset = 0;
        for (OutOfFoldProbabilities p : parts) {
            System.arraycopy(p.values, 0, values, offset, p.values.length);
            offset += p.values.length;
        }
        return new OutOfFoldProbabilities(ids, values);
    }

    /**
     * Every fold's set of a training run ({@code CHECKPOINTS/fold-K/oof}, the folders {@link FoldFolders}
     * lists), joined in fold order.
     *
     * @throws InputException naming the folder or file that is missing or malformed
     */
    public static OutOfFoldProbabilities readRun(Path checkpoints) throws IOException {
        List<OutOfFoldProbabilities> parts = new ArrayList<>();
        for (Path fold : FoldFolders.in(checkpoints).values()) {
            parts.add(read(fold.resolve(FOLDER)));
        }
        return concat(parts);
    }

    /** Writes {@code ids} and {@code probabilities} into {@code dir} (created if missing). */
    public static void write(Path dir, List<String> ids, float[] probabilities) throws IOException {
        new OutOfFoldProbabilities(ids, probabilities).write(dir);
    }

    /** Writes this set into {@code dir} (created if missing), each file atomically. */
    public void write(Path dir) throws IOException {
        AtomicFile.write(dir.resolve(PROBABILITIES_FILE), out -> {
            ByteBuffer buffer = ByteBuffer.allocate(PIXELS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < ids.size(); i++) {
                buffer.clear();
                buffer.asFloatBuffer().put(values, i * PIXELS, PIXELS);
                out.write(buffer.array(), 0, PIXELS * Float.BYTES);
            }
        });
        AtomicFile.writeString(dir.resolve(IDS_FILE), ids.isEmpty() ? "" : String.join("\n", ids) + "\n");
    }

    /**
     * Reads the set in {@code dir}.
     *
     * @throws InputException when a file is missing, or the sizes or ids do not fit
     */
    public static OutOfFoldProbabilities read(Path dir) {
        Path idsFile = dir.resolve(IDS_FILE);
        Path probabilitiesFile = dir.resolve(PROBABILITIES_FILE);
        List<String> ids;
        try {
            ids = Files.readAllLines(idsFile, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                    .map(String::strip).toList();
        } catch (NoSuchFileException e) {
            throw new InputException(idsFile.toString(), "file not found", e);
        } catch (IOException e) {
            throw new InputException(idsFile.toString(), "cannot read (" + e + ")", e);
        }
        long expectedBytes = (long) ids.size() * PIXELS * Float.BYTES;
        float[] values;
        try {
            long bytes = Files.size(probabilitiesFile);
            if (bytes != expectedBytes) {
                throw new InputException(probabilitiesFile.toString(), bytes + " bytes, expected " + ids.size()
                        + " x " + KaggleImage.SIDE + " x " + KaggleImage.SIDE + " x 4 = " + expectedBytes + " for the " + ids.size()
                        + " ids in " + idsFile);
            }
            values = new float[Math.toIntExact((long) ids.size() * PIXELS)];
            ByteBuffer buffer = ByteBuffer.allocate(PIXELS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            try (InputStream in = Files.newInputStream(probabilitiesFile)) {
                for (int i = 0; i < ids.size(); i++) {
                    if (in.readNBytes(buffer.array(), 0, buffer.capacity()) != buffer.capacity()) {
                        throw new InputException(probabilitiesFile.toString(), "file shrank while being read");
                    }
                    buffer.rewind();
                    buffer.asFloatBuffer().get(values, i * PIXELS, PIXELS);
                }
            }
        } catch (NoSuchFileException e) {
            throw new InputException(probabilitiesFile.toString(), "file not found", e);
        } catch (IOException e) {
            throw new InputException(probabilitiesFile.toString(), "cannot read (" + e + ")", e);
        }
        try {
            return new OutOfFoldProbabilities(ids, values);
        } catch (IllegalArgumentException e) {
            throw new InputException(idsFile.toString(), e.getMessage(), e);
        }
    }
}

package org.tgssalt.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.CollectionAccumulator;
import org.tgssalt.InputException;
import org.tgssalt.ensemble.FoldEnsemble;
import org.tgssalt.ensemble.ScoringImageReader;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.rle.RunLengthEncoder;
import org.tgssalt.scoring.OnError;

/**
 * One task's scored rows: takes {@link ScoringSpec#batchSize()} input rows at a time, decodes their PNG
 * bytes with the runtime's reader, scores the batch in one call of the executor's shared ensemble and
 * hands the rows out with the scoring columns appended. A bad image fails the task
 * ({@link OnError#FAIL}, the exception names the image) or gets null results and its reason in the
 * error column ({@link OnError#SKIP}). Only one batch is held at a time. Used by one task thread.
 */
final class ScoredRows implements Iterator<Row> {
    private final Iterator<Row> input;
    private final ScoringSpec spec;
    private final int contentIndex;
    private final int pathIndex;
    private final CollectionAccumulator<ExecutorFacts> facts;
    private final TaskFault fault;
    private final Deque<Row> ready = new ArrayDeque<>();
    private SharedEnsemble shared;
    private int batches;

    ScoredRows(Iterator<Row> input, ScoringSpec spec, int contentIndex, int pathIndex,
            CollectionAccumulator<ExecutorFacts> facts, TaskFault fault) {
        this.input = input;
        this.spec = spec;
        this.contentIndex = contentIndex;
        this.pathIndex = pathIndex;
        this.facts = facts;
        this.fault = fault;
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && input.hasNext()) {
            scoreBatch();
        }
        return !ready.isEmpty();
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    private void scoreBatch() {
        List<Row> rows = new ArrayList<>(spec.batchSize());
        while (rows.size() < spec.batchSize() && input.hasNext()) {
            rows.add(input.next());
        }
        if (fault != null) {
            fault.beforeBatch(TaskContext.get(), batches);
        }
        batches++;
        float[][] pixels = new float[rows.size()][];
        String[] errors = new String[rows.size()];
        int good = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            String source = row.isNullAt(pathIndex) ? "(row without a path)" : row.getString(pathIndex);
            try {
                if (row.isNullAt(contentIndex)) {
                    throw new InputException(source, "no image bytes (the content column is null)");
                }
                float[] image = ScoringImageReader.read((byte[]) row.get(contentIndex), source).pixels();
                pixels[good++] = image;
            } catch (InputException e) {
                if (spec.onError() == OnError.FAIL) {
                    throw e;
                }
                errors[i] = problem(e);
            }
        }
        float[][] probabilities = good == 0 ? new float[0][] : ensemble().probabilities(Arrays.copyOf(pixels, good));
        int next = 0;
        for (int i = 0; i < rows.size(); i++) {
            ready.add(errors[i] != null ? withResults(rows.get(i), null, errors[i])
                    : withResults(rows.get(i), probabilities[next++], null));
        }
    }

    /** The executor's ensemble, reported once per task to the driver when it asked. */
    private SharedEnsemble ensemble() {
        if (shared == null) {
            try {
                shared = ExecutorEnsembles.get(spec);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the models at " + spec.models() + ": " + e.getMessage(), e);
            }
            if (facts != null) {
                facts.add(ExecutorFacts.of(SparkEnv.get().executorId(), shared.ensemble()));
            }
        }
        return shared;
    }

    /** The input row followed by id, rle, salt pixels, mean probability, [probability bytes,] error. */
    private Row withResults(Row row, float[] probability, String error) {
        int extra = spec.probabilities() ? 6 : 5;
        Object[] values = new Object[row.length() + extra];
        for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
        }
        int at = row.length();
        values[at] = row.isNullAt(pathIndex) ? null : imageId(row.getString(pathIndex));
        if (probability != null) {
            FoldEnsemble ensemble = shared.ensemble();
            BinaryMask mask = ensemble.threshold(probability);
            values[at + 1] = RunLengthEncoder.encode(mask);
            values[at + 2] = mask.area();
            values[at + 3] = mean(probability);
            if (spec.probabilities()) {
                values[at + 4] = littleEndian(probability);
            }
        }
        values[values.length - 1] = error;
        return RowFactory.create(values);
    }

    /**
     * The image's id: its file name without the extension, as {@code score} names rows. The path is a
     * URI as Spark's {@code binaryFile} source gives it (URL-encoded), or a plain path.
     */
    static String imageId(String path) {
        String decoded;
        try {
            decoded = new URI(path).getPath();
        } catch (URISyntaxException e) {
            decoded = null;
        }
        String name = decoded == null ? path : decoded;
        name = name.substring(name.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The probabilities as float32 little-endian bytes, row-major. */
    private static byte[] littleEndian(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes.array();
    }

    /** The problem part of an input error, without the repeated source. */
    static String problem(InputException e) {
        String prefix = e.source() + ": ";
        String message = e.getMessage();
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}

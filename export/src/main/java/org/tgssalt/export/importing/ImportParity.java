package org.tgssalt.export.importing;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tgssalt.InputException;
import org.tgssalt.ensemble.FoldEnsemble;
import org.tgssalt.export.parity.FloatTensor;
import org.tgssalt.export.parity.OrtGraph;
import org.tgssalt.export.parity.ParityCheck;
import org.tgssalt.export.parity.ParityException;
import org.tgssalt.geometry.ImageConvention;
import org.tgssalt.image.GrayImage;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.manifest.TensorSpec;

/**
 * Proves a wrapped graph computes what the foreign graph computes with the framing done in Java: the wrapped
 * graph runs in ONNX Runtime (CPU, optimisation ALL, as the scorer runs it) on the raw images; the foreign graph
 * runs alone on {@link ImageConvention#networkInput} of each image and its chosen output goes through
 * {@link ImageConvention#probability}. Graphs with a fixed batch of 1 run one image per call.
 */
public final class ImportParity {
    /** ORT's {@code Error code - ORT_FAIL - message: } in front of its messages. */
    private static final Pattern ORT_PREFIX = Pattern.compile("^Error code - \\S+ - message: ");
    /** ORT's refusal of an opset newer than it knows, and the newest it supports. */
    private static final Pattern NEWER_OPSET = Pattern.compile(
            "Opset (\\d+) is under development.*(Current official support for domain \\S+ is till opset \\d+)");

    private ImportParity() {
    }

    /**
     * Runs the check.
     *
     * @param label names the fold in messages ("fold 3 (model_3.onnx)")
     * @param foreign the foreign graph
     * @param wrapped the serialised wrapped graph
     * @param convention the framing both sides use
     * @param images at least {@link ParityCheck#MIN_IMAGES} 101x101 images
     * @param tolerance the largest allowed max abs difference of salt probabilities
     * @throws InputException when ONNX Runtime cannot run the foreign graph (unsupported opset or operator),
     *     naming it, or its output does not have the shape the convention needs
     * @throws ParityException naming the fold and the difference when the two disagree
     */
    public static ParityCheck.Report verify(String label, ForeignGraph foreign, byte[] wrapped,
            ImageConvention convention, List<GrayImage> images, double tolerance) throws OrtException {
        if (images.size() < ParityCheck.MIN_IMAGES) {
            throw new IllegalArgumentException("a parity check needs at least " + ParityCheck.MIN_IMAGES
                    + " images, got " + images.size());
        }
        FloatTensor expected = alone(foreign, convention, images);
        FloatTensor actual;
        try (OrtGraph graph = new OrtGraph(wrapped, OptLevel.ALL_OPT)) {
            actual = foreign.fixedBatch() ? oneByOne(graph, ParityCheck.batch(images), null)
                    : graph.run(ParityCheck.batch(images));
        }
        double max = expected.maxAbsDifference(actual);
        if (!(max <= tolerance)) {
            throw new ParityException(String.format(Locale.ROOT, "%s: the wrapped graph disagrees with the foreign "
                    + "graph run with the framing done in Java: max |difference| of salt probabilities %.3e over %d "
                    + "images exceeds %.0e", label, max, images.size(), tolerance), max);
        }
        return new ParityCheck.Report(label, images.size(), max, tolerance);
    }

    /** The foreign graph alone, framing in Java: {@code [n,1,101,101]} probabilities. */
    private static FloatTensor alone(ForeignGraph foreign, ImageConvention convention, List<GrayImage> images)
            throws OrtException {
        int n = images.size();
        int side = convention.inputSize();
        int per = convention.channels() * side * side;
        float[] inputs = new float[n * per];
        for (int i = 0; i < n; i++) {
            System.arraycopy(convention.networkInput(images.get(i).pixels()), 0, inputs, i * per, per);
        }
        FloatTensor batch = new FloatTensor(new long[] {n, convention.channels(), side, side}, inputs);
        FloatTensor out;
        try (OrtGraph graph = open(foreign)) {
            out = foreign.fixedBatch() ? oneByOne(graph, batch, foreign.output()) : graph.run(List.of(batch),
                    foreign.output());
        }
        long[] shape = out.shape();
        if (shape.length != 4 || shape[0] != n || shape[2] != side || shape[3] != side) {
            throw new InputException(foreign.file().toString(), "output " + foreign.output() + " came out as "
                    + TensorSpec.format(shape) + " for " + n + " inputs of " + side + "x" + side + "; expected ["
                    + n + ",C," + side + "," + side + "]");
        }
        int channels = (int) shape[1];
        String problem = convention.activation().mismatch(channels);
        if (problem != null) {
            throw new InputException(foreign.file().toString(), "output " + foreign.output() + " "
                    + TensorSpec.format(shape) + ": " + problem);
        }
        int outPer = channels * side * side;
        float[] p = new float[n * KaggleImage.PIXELS];
        for (int i = 0; i < n; i++) {
            float[] one = Arrays.copyOfRange(out.values(), i * outPer, (i + 1) * outPer);
            System.arraycopy(convention.probability(one, channels), 0, p, i * KaggleImage.PIXELS, KaggleImage.PIXELS);
        }
        return new FloatTensor(new long[] {n, 1, KaggleImage.SIDE, KaggleImage.SIDE}, p);
    }

    /**
     * A session on the foreign graph, or one clear error naming what this ONNX Runtime cannot run.
     */
    private static OrtGraph open(ForeignGraph foreign) {
        try {
            return new OrtGraph(foreign.bytes(), OptLevel.ALL_OPT);
        } catch (OrtException e) {
            throw cannotRun(foreign, e);
        }
    }

    /** ONNX Runtime's refusal (its first line names the opset or operator) as the import's error. */
    static InputException cannotRun(ForeignGraph foreign, OrtException e) {
        String message = e.getMessage() == null ? "no reason given" : e.getMessage();
        int newline = message.indexOf('\n');
        message = ORT_PREFIX.matcher(newline < 0 ? message : message.substring(0, newline)).replaceFirst("");
        Matcher opset = NEWER_OPSET.matcher(message);
        if (opset.find()) {
            // ORT's own text for this case starts with a C++ source location and signature: say it plainly.
            message = "the graph imports opset " + opset.group(1) + "; this ONNX Runtime's " + opset.group(2).substring(8)
                    + " (export with an older opset_version)";
        }
        return new InputException(foreign.file().toString(), "ONNX Runtime "
                + FoldEnsemble.ortEnvironment().getVersion() + " cannot run this graph: " + message, e);
    }


    /** Runs a fixed-batch-1 graph once per row of {@code batch} and stacks the results. */
    private static FloatTensor oneByOne(OrtGraph graph, FloatTensor batch, String output) throws OrtException {
        long[] shape = batch.shape();
        int n = (int) shape[0];
        int per = batch.values().length / n;
        long[] single = shape.clone();
        single[0] = 1;
        List<FloatTensor> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(graph.run(List.of(new FloatTensor(single,
                    Arrays.copyOfRange(batch.values(), i * per, (i + 1) * per))), output));
        }
        long[] outShape = rows.get(0).shape().clone();
        outShape[0] = n;
        int outPer = rows.get(0).values().length;
        float[] values = new float[n * outPer];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows.get(i).values(), 0, values, i * outPer, outPer);
        }
        return new FloatTensor(outShape, values);
    }
}

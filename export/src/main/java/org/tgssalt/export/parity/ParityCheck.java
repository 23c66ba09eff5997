package org.tgssalt.export.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.tgssalt.geometry.PixelNormalization;
import org.tgssalt.geometry.SymmetricPadding;
import org.tgssalt.image.GrayImage;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.train.model.SaltNet;

/**
 * Proves an exported fold graph equals its DJL model: the graph runs in ONNX Runtime (CPU) on the
 * raw images; the model runs its eval forward on the same images padded and normalised by the
 * runtime's own {@link SymmetricPadding} and {@link PixelNormalization}, and its 129x129
 * probabilities are cropped back to 101x101. The salt probabilities must agree within
 * {@value #TOLERANCE} (max abs) on at least {@value #MIN_IMAGES} images.
 *
 * <p>ONNX Runtime runs at optimisation level ALL, the level the scorer uses, so what is checked is
 * what is served.
 */
public final class ParityCheck {
    /** Default largest allowed absolute difference of salt probabilities. */
    public static final double TOLERANCE = 1e-4;
    /** Fewest images a check may use. */
    public static final int MIN_IMAGES = 8;

    private ParityCheck() {
    }

    /**
     * The outcome of one check.
     *
     * @param label what was checked ("fold 3")
     * @param images how many images
     * @param maxAbsDifference the largest absolute probability difference
     * @param tolerance the limit it was held to
     */
    public record Report(String label, int images, double maxAbsDifference, double tolerance) {
        /** One line for logs. */
        public String summary() {
            return String.format(Locale.ROOT, "%s: ONNX Runtime vs DJL on %d images, max |diff| %.2e (limit %.0e)",
                    label, images, maxAbsDifference, tolerance);
        }
    }

    /**
     * Runs the check.
     *
     * @param label names the graph in messages ("fold 3")
     * @param net the model the graph was exported from, initialised; only read
     * @param model the serialised graph
     * @param images at least {@value #MIN_IMAGES} 101x101 images
     * @param manager for the DJL forward (arrays are freed before returning)
     * @throws ParityException naming the label and the largest difference when they disagree
     */
    public static Report verify(String label, SaltNet net, byte[] model, List<GrayImage> images, NDManager manager)
            throws OrtException {
        return verify(label, net, model, images, manager, TOLERANCE);
    }

    /**
     * Runs the check with another limit than {@link #TOLERANCE}.
     *
     * @param tolerance the largest allowed max abs difference of salt probabilities
     * @see #verify(String, SaltNet, byte[], List, NDManager)
     */
    public static Report verify(String label, SaltNet net, byte[] model, List<GrayImage> images, NDManager manager,
            double tolerance) throws OrtException {
        if (images.size() < MIN_IMAGES) {
            throw new IllegalArgumentException("a parity check needs at least " + MIN_IMAGES + " images, got "
                    + images.size());
        }
        FloatTensor raw = batch(images);
        FloatTensor expected = djlForward(net, images, manager);
        FloatTensor actual;
        try (OrtGraph graph = new OrtGraph(model, OptLevel.ALL_OPT)) {
            actual = graph.run(raw);
        }
        if (!java.util.Arrays.equals(expected.shape(), actual.shape())) {
            throw new ParityException(label + ": ONNX output shape " + java.util.Arrays.toString(actual.shape())
                    + ", DJL gives " + java.util.Arrays.toString(expected.shape()), Double.POSITIVE_INFINITY);
        }
        double max = expected.maxAbsDifference(actual);
        if (!(max <= tolerance)) {
            throw new ParityException(String.format(Locale.ROOT,
                    "%s: ONNX graph disagrees with the DJL model: max |difference| of salt probabilities %.3e "
                            + "over %d images exceeds %.0e", label, max, images.size(), tolerance), max);
        }
        return new Report(label, images.size(), max, tolerance);
    }

    /** The images as one {@code [N,1,101,101]} tensor. */
    public static FloatTensor batch(List<GrayImage> images) {
        int side = KaggleImage.SIDE;
        float[] values = new float[images.size() * side * side];
        for (int i = 0; i < images.size(); i++) {
            GrayImage image = images.get(i);
            if (image.width() != side || image.height() != side) {
                throw new IllegalArgumentException("parity images must be " + side + "x" + side + ", got " + image);
            }
            System.arraycopy(image.pixels(), 0, values, i * side * side, side * side);
        }
        return new FloatTensor(new long[] {images.size(), 1, side, side}, values);
    }

    private static FloatTensor djlForward(SaltNet net, List<GrayImage> images, NDManager manager) {
        int side = KaggleImage.SIDE;
        int padded = SymmetricPadding.PADDED_SIZE;
        int n = images.size();
        float[] input = new float[n * padded * padded];
        for (int i = 0; i < n; i++) {
            SymmetricPadding.KAGGLE.pad(images.get(i).pixels(), 0, side, side, input, i * padded * padded);
        }
        PixelNormalization.normalizeInPlace(input, 0, input.length);
        float[] probabilities;
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(input, new Shape(n, 1, padded, padded));
            NDArray y = net.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();
            probabilities = y.toFloatArray();
        }
        float[] cropped = new float[n * side * side];
        for (int i = 0; i < n; i++) {
            SymmetricPadding.KAGGLE.crop(probabilities, i * padded * padded, padded, padded, cropped, i * side * side);
        }
        return new FloatTensor(new long[] {n, 1, side, side}, cropped);
    }

    /** A parity check of a graph already written to a file. */
    @FunctionalInterface
    public interface Run {
        /** Runs the check; throws when the graph differs beyond the tolerance or cannot be run. */
        Report run() throws OrtException;
    }

    /**
     * Runs {@code check} on the graph in {@code file}; a graph that fails it (or cannot be checked)
     * is deleted before the error propagates, so no unchecked graph is left where a manifest could
     * name it.
     */
    public static Report verifyOrDelete(Path file, Run check) throws IOException, OrtException {
        try {
            return check.run();
        } catch (OrtException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }
}

package org.tgssalt.export.graph;

import java.util.ArrayList;
import java.util.List;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.onnx.OnnxOp;
import org.tgssalt.export.onnx.OpAttributes;
import org.tgssalt.geometry.ImageConvention;
import org.tgssalt.geometry.OutputActivation;
import org.tgssalt.geometry.PaddingMode;
import org.tgssalt.geometry.PixelNormalization;
import org.tgssalt.geometry.SymmetricPadding;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.manifest.EnsembleManifest;

/**
 * The parts of every fold graph around the network, for any {@link ImageConvention}: the raw image batch
 * {@value EnsembleManifest#INPUT_NAME} {@code [N,1,101,101]} in [0, 1] is padded (or resized) to the
 * network's side, repeated to its channels and normalised per channel ({@code (255 p - mean) / scale});
 * at the end the network's output becomes the salt probability ({@code softmax:C}, {@code sigmoid} or as
 * it is) and is cropped (or resized) back to 101x101 as {@value EnsembleManifest#OUTPUT_NAME}. The exporter's
 * graphs use {@link ImageConvention#REFERENCE} (129, symmetric, {@code (255 p - 123.03) / 255}, softmax
 * channel 1, the softmax emitted by the network's emitter as the model's eval forward does); {@code import}
 * wraps foreign graphs with the user's convention. {@link ImageConvention} itself is the Java implementation
 * of the same steps.
 *
 * <p>ONNX's Pad has no symmetric mode, so that border is built from reversed Slices and Concat; reflect,
 * edge and zero use Pad; resizing uses Resize {@code linear} with {@code half_pixel} coordinates. Every step
 * is valid from opset 13 on.
 */
public final class ImageFraming {

    private ImageFraming() {
    }

    /** Declares the {@value EnsembleManifest#INPUT_NAME} input {@code [N,1,101,101]}. */
    public static String declareInput(GraphBuilder g) {
        return declareInput(g, GraphBuilder.BATCH);
    }

    /** Declares the {@value EnsembleManifest#INPUT_NAME} input {@code [batch,1,101,101]} ({@link GraphBuilder#BATCH} for dynamic). */
    public static String declareInput(GraphBuilder g, long batch) {
        return g.input(EnsembleManifest.INPUT_NAME, batch, 1, KaggleImage.SIDE, KaggleImage.SIDE);
    }

    /** Declares {@code probability} ({@code [N,1,101,101]}) as the {@value EnsembleManifest#OUTPUT_NAME} output. */
    public static void declareOutput(GraphBuilder g, String probability) {
        declareOutput(g, probability, GraphBuilder.BATCH);
    }

    /** Declares {@code probability} ({@code [batch,1,101,101]}) as the {@value EnsembleManifest#OUTPUT_NAME} output. */
    public static void declareOutput(GraphBuilder g, String probability, long batch) {
        g.output(probability, EnsembleManifest.OUTPUT_NAME, batch, 1, KaggleImage.SIDE, KaggleImage.SIDE);
    }

    /** Symmetric padding to 129 then normalisation: the reference network's input. */
    public static String networkInput(GraphBuilder g, String image) {
        return networkInput(g, image, ImageConvention.REFERENCE);
    }

    /**
     * The network input under {@code convention}: padded or resized to its side, repeated to its channels,
     * normalised, {@code [N,channels,side,side]}.
     */
    public static String networkInput(GraphBuilder g, String image, ImageConvention convention) {
        String framed = convention.padding() == PaddingMode.RESIZE
                ? resize(g, "resize_in", image, convention.inputSize())
                : pad(g, image, convention);
        if (convention.channels() > 1) {
            List<String> copies = new ArrayList<>();
            for (int c = 0; c < convention.channels(); c++) {
                copies.add(framed);
            }
            framed = g.op(OnnxOp.CONCAT, "to_channels", copies, OpAttributes.of().i("axis", 1));
        }
        return normalize(g, framed, convention);
    }

    /**
     * The salt probability {@code [N,1,101,101]} from the network's output {@code [N,C,side,side]} under
     * {@code convention}: its activation, then the crop (or the resize back).
     */
    public static String saltOutput(GraphBuilder g, String output, ImageConvention convention) {
        String probability = activation(g, output, convention.activation());
        return convention.padding() == PaddingMode.RESIZE ? resize(g, "resize_out", probability, KaggleImage.SIDE)
                : crop(g, probability, convention);
    }

    /** Pads the last two axes by {@value SymmetricPadding#KAGGLE_BORDER} on each side, repeating the edge pixel. */
    public static String symmetricPad(GraphBuilder g, String x) {
        return symmetricPad(g, x, SymmetricPadding.KAGGLE_BORDER, SymmetricPadding.KAGGLE_BORDER);
    }

    private static String symmetricPad(GraphBuilder g, String x, int before, int after) {
        String rows = padAxis(g, x, 2, "pad_rows", before, after);
        return padAxis(g, rows, 3, "pad_cols", before, after);
    }

    private static String pad(GraphBuilder g, String x, ImageConvention convention) {
        int before = convention.borderBefore();
        int after = convention.borderAfter();
        if (before == 0 && after == 0) {
            return x;
        }
        return switch (convention.padding()) {
            case SYMMETRIC -> symmetricPad(g, x, before, after);
            case REFLECT -> padOp(g, x, "reflect", before, after);
            case EDGE -> padOp(g, x, "edge", before, after);
            case ZERO -> padOp(g, x, "constant", before, after);
            case RESIZE -> throw new IllegalStateException("resize is not a border");
        };
    }

    private static String padOp(GraphBuilder g, String x, String mode, int before, int after) {
        String pads = g.vector("pad_amounts", 0, 0, before, before, 0, 0, after, after);
        return g.op(OnnxOp.PAD, "pad", List.of(x, pads), OpAttributes.of().s("mode", mode));
    }

    private static String padAxis(GraphBuilder g, String x, long axis, String hint, int before, int after) {
        // Leading border: elements before-1 .. 0 in reverse; trailing: last .. last-after+1 in reverse.
        List<String> parts = new ArrayList<>();
        if (before > 0) {
            parts.add(g.slice(hint + "_before", x, new long[] {axis}, new long[] {before - 1},
                    new long[] {Long.MIN_VALUE}, new long[] {-1}));
        }
        parts.add(x);
        if (after > 0) {
            parts.add(g.slice(hint + "_after", x, new long[] {axis}, new long[] {-1},
                    new long[] {-1 - after}, new long[] {-1}));
        }
        return g.op(OnnxOp.CONCAT, hint, parts, OpAttributes.of().i("axis", axis));
    }

    /** {@link PixelNormalization}: {@code (255 x - 123.03) / 255}, in that order of operations (as the reference computes it). */
    public static String normalize(GraphBuilder g, String x) {
        return normalize(g, x, ImageConvention.REFERENCE);
    }

    private static String normalize(GraphBuilder g, String x, ImageConvention convention) {
        int channels = convention.channels();
        boolean perChannel = convention.mean().size() > 1 || convention.scale().size() > 1;
        long[] shape = perChannel ? new long[] {1, channels, 1, 1} : new long[0];
        String scale = g.constant("pixel_scale", values(convention, perChannel, false), shape);
        String mean = g.constant("pixel_mean", values(convention, perChannel, true), shape);
        // The 8-bit factor shares the divisor's initializer when they are the same single 255 (the reference).
        boolean shared = !perChannel && convention.scaleOf(0) == PixelNormalization.SCALE;
        String levels = shared ? scale : g.constant("pixel_levels", new float[] {(float) PixelNormalization.SCALE});
        String scaled = g.op(OnnxOp.MUL, "to_8bit", x, levels);
        String centred = g.op(OnnxOp.SUB, "centre", scaled, mean);
        return g.op(OnnxOp.DIV, "normalised", centred, scale);
    }

    private static float[] values(ImageConvention convention, boolean perChannel, boolean mean) {
        int n = perChannel ? convention.channels() : 1;
        float[] v = new float[n];
        for (int c = 0; c < n; c++) {
            v[c] = (float) (mean ? convention.meanOf(c) : convention.scaleOf(c));
        }
        return v;
    }

    /** Softmax over the 2 logit channels, channel 1: {@code [N,1,H,W]}. */
    public static String saltProbability(GraphBuilder g, String logits) {
        return activation(g, logits, OutputActivation.SOFTMAX_SALT);
    }

    /** The one-channel probability {@code [N,1,H,W]} from an output {@code [N,C,H,W]}. */
    public static String activation(GraphBuilder g, String output, OutputActivation activation) {
        return switch (activation.kind()) {
            case SOFTMAX -> {
                String softmax = g.op(OnnxOp.SOFTMAX, "softmax", List.of(output), OpAttributes.of().i("axis", 1));
                int c = activation.channel();
                yield g.slice("salt_channel", softmax, new long[] {1}, new long[] {c}, new long[] {c + 1},
                        new long[] {1});
            }
            case SIGMOID -> g.op(OnnxOp.SIGMOID, "sigmoid", output);
            case PROBABILITY -> output;
        };
    }

    /** The centre 101x101 of a 129x129 map. */
    public static String crop(GraphBuilder g, String x) {
        return crop(g, x, ImageConvention.REFERENCE);
    }

    private static String crop(GraphBuilder g, String x, ImageConvention convention) {
        int before = convention.borderBefore();
        if (before == 0 && convention.borderAfter() == 0) {
            return x;
        }
        return g.slice("crop", x, new long[] {2, 3}, new long[] {before, before},
                new long[] {before + KaggleImage.SIDE, before + KaggleImage.SIDE}, new long[] {1, 1});
    }

    /**
     * Resize {@code linear} with {@code half_pixel} coordinates (no antialiasing) of the last two axes to
     * {@code side}; the target sizes are {@code [Shape(x)[0:2], side, side]}, so the batch stays dynamic
     * (Shape then Slice, valid before opset 15's Shape {@code end}).
     */
    private static String resize(GraphBuilder g, String hint, String x, int side) {
        String shape = g.op(OnnxOp.SHAPE, hint + "_shape", x);
        String leading = g.slice(hint + "_nc", shape, new long[] {0}, new long[] {0}, new long[] {2}, new long[] {1});
        String sizes = g.op(OnnxOp.CONCAT, hint + "_sizes", List.of(leading, g.vector(hint + "_hw", side, side)),
                OpAttributes.of().i("axis", 0));
        return g.op(OnnxOp.RESIZE, hint, List.of(x, "", "", sizes), OpAttributes.of().s("mode", "linear")
                .s("coordinate_transformation_mode", "half_pixel"));
    }
}

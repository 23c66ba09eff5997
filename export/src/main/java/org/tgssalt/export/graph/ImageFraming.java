package org.tgssalt.export.graph;

import java.util.List;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.onnx.OnnxOp;
import org.tgssalt.export.onnx.OpAttributes;
import org.tgssalt.geometry.PixelNormalization;
import org.tgssalt.geometry.SymmetricPadding;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.manifest.EnsembleManifest;

/**
 * The parts of every exported graph around the network: the raw image batch {@value EnsembleManifest#INPUT_NAME}
 * {@code [N,1,101,101]} in [0, 1] is padded symmetrically to 129 (edge pixel repeated,
 * {@code c b a | a b c ... x y z | z y x}, {@value SymmetricPadding#KAGGLE_BORDER} per side) and normalised to
 * {@link PixelNormalization} ({@code (255 p - 123.03) / 255}); at the end the 2-channel logits become the softmax salt
 * probability (channel 1, emitted by the network's emitter as the model's eval forward does), cropped back to the centre 101x101 as {@value EnsembleManifest#OUTPUT_NAME}.
 *
 * <p>ONNX's Pad has no symmetric mode, so the border is built from reversed Slices and Concat.
 */
public final class ImageFraming {

    private ImageFraming() {
    }

    /** Declares the {@value EnsembleManifest#INPUT_NAME} input {@code [N,1,101,101]}. */
    public static String declareInput(GraphBuilder g) {
        return g.input(EnsembleManifest.INPUT_NAME, GraphBuilder.BATCH, 1, KaggleImage.SIDE, KaggleImage.SIDE);
    }

    /** Declares {@code probability} ({@code [N,1,101,101]}) as the {@value EnsembleManifest#OUTPUT_NAME} output. */
    public static void declareOutput(GraphBuilder g, String probability) {
        g.output(probability, EnsembleManifest.OUTPUT_NAME, GraphBuilder.BATCH, 1, KaggleImage.SIDE, KaggleImage.SIDE);
    }

    /** Symmetric padding to 129 then normalisation: the network input. */
    public static String networkInput(GraphBuilder g, String image) {
        return normalize(g, symmetricPad(g, image));
    }

    /** Pads the last two axes by {@value SymmetricPadding#KAGGLE_BORDER} on each side, repeating the edge pixel. */
    public static String symmetricPad(GraphBuilder g, String x) {
        String rows = padAxis(g, x, 2, "pad_rows");
        return padAxis(g, rows, 3, "pad_cols");
    }

    private static String padAxis(GraphBuilder g, String x, long axis, String hint) {
        // Leading border: elements SymmetricPadding.KAGGLE_BORDER-1 .. 0 in reverse; trailing: last .. last-SymmetricPadding.KAGGLE_BORDER+1 in reverse.
        String before = g.slice(hint + "_before", x, new long[] {axis}, new long[] {SymmetricPadding.KAGGLE_BORDER - 1},
                new long[] {Long.MIN_VALUE}, new long[] {-1});
        String after = g.slice(hint + "_after", x, new long[] {axis}, new long[] {-1},
                new long[] {-1 - SymmetricPadding.KAGGLE_BORDER}, new long[] {-1});
        return g.op(OnnxOp.CONCAT, hint, List.of(before, x, after), OpAttributes.of().i("axis", axis));
    }

    /** {@link PixelNormalization}: {@code (255 x - 123.03) / 255}, in that order of operations (as the reference computes it). */
    public static String normalize(GraphBuilder g, String x) {
        String scale = g.constant("pixel_scale", new float[] {(float) PixelNormalization.SCALE});
        String mean = g.constant("pixel_mean", new float[] {(float) PixelNormalization.MEAN_LEVEL});
        String scaled = g.op(OnnxOp.MUL, "to_8bit", x, scale);
        String centred = g.op(OnnxOp.SUB, "centre", scaled, mean);
        return g.op(OnnxOp.DIV, "normalised", centred, scale);
    }

    /** Softmax over the 2 logit channels, channel 1: {@code [N,1,H,W]}. */
    public static String saltProbability(GraphBuilder g, String logits) {
        String softmax = g.op(OnnxOp.SOFTMAX, "softmax", List.of(logits), OpAttributes.of().i("axis", 1));
        return g.slice("salt_channel", softmax, new long[] {1}, new long[] {1}, new long[] {2}, new long[] {1});
    }

    /** The centre 101x101 of a 129x129 map. */
    public static String crop(GraphBuilder g, String x) {
        return g.slice("crop", x, new long[] {2, 3}, new long[] {SymmetricPadding.KAGGLE_BORDER, SymmetricPadding.KAGGLE_BORDER},
                new long[] {SymmetricPadding.KAGGLE_BORDER + KaggleImage.SIDE, SymmetricPadding.KAGGLE_BORDER + KaggleImage.SIDE}, new long[] {1, 1});
    }
}

package org.tgssalt.export.importing;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import java.util.List;
import org.tgssalt.export.graph.EmitterRegistry;
import org.tgssalt.export.graph.Emission;
import org.tgssalt.export.graph.ExportOptions;
import org.tgssalt.export.graph.FeatureMap;
import org.tgssalt.export.graph.SaltNetEmitter;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.onnx.OnnxOp;
import org.tgssalt.export.onnx.OpAttributes;
import org.tgssalt.train.model.SaltNet;

/**
 * Test fixture: graphs shaped like foreign exports (what {@code torch.onnx.export} of a network gives: a padded,
 * normalised tensor in, logits out, no framing), made from this project's own network so that the framed graph
 * {@code export} makes from the same weights is the expected result.
 */
final class ForeignStyleGraphs {
    private ForeignStyleGraphs() {
    }

    /**
     * How the foreign graph looks.
     *
     * @param input its input's name
     * @param output the salt head's name
     * @param secondOutput a second output's name (a PyTorch forward returning a tuple), or null
     * @param channels 1, or 3 (channel 0 feeds the network, as a model trained on repeated gray images may)
     * @param sigmoidHead true: one channel, the salt logit minus the background logit (sigmoid of it is the
     *     softmax's channel 1); false: the two logits
     * @param fixedBatch true: batch dimension 1 instead of a dynamic N
     */
    record Style(String input, String output, String secondOutput, int channels, boolean sigmoidHead,
            boolean fixedBatch) {
        static Style plain() {
            return new Style("input.1", "logits", null, 1, false, false);
        }
    }

    /** The network {@code net} (for 129x129 inputs) without framing, in the given style. */
    static ModelProto network(SaltNet net, Style style) {
        GraphBuilder g = new GraphBuilder("torch_jit");
        long batch = style.fixedBatch() ? 1 : GraphBuilder.BATCH;
        int side = net.inputSize();
        String x = g.input(style.input(), batch, style.channels(), side, side);
        String gray = style.channels() == 1 ? x
                : g.slice("first_channel", x, new long[] {1}, new long[] {0}, new long[] {1}, new long[] {1});
        FeatureMap logits = new SaltNetEmitter().logits(new Emission(g, EmitterRegistry.standard(),
                ExportOptions.DEFAULT), net, "", new FeatureMap(gray, 1, side, side));
        String head = logits.name();
        if (style.sigmoidHead()) {
            String salt = g.slice("salt_logit", head, new long[] {1}, new long[] {1}, new long[] {2}, new long[] {1});
            String background = g.slice("background_logit", head, new long[] {1}, new long[] {0}, new long[] {1},
                    new long[] {1});
            head = g.op(OnnxOp.SUB, "salt_minus_background", salt, background);
        }
        g.output(head, style.output(), batch, style.sigmoidHead() ? 1 : 2, side, side);
        if (style.secondOutput() != null) {
            String offsets = g.op(OnnxOp.MUL, "offsets", logits.name(), g.constant("two", new float[] {2f}));
            g.output(offsets, style.secondOutput(), batch, 2, side, side);
        }
        return g.build();
    }

    /**
     * A tiny graph without weights: {@code x [batch,channels,side,side]} -> logits {@code [-x, x]} (2 channels),
     * named {@code input} and {@code logits}; {@code opset} is written as its default-domain opset.
     */
    static ModelProto tiny(long batch, int channels, int side, int opset) {
        GraphBuilder g = new GraphBuilder("tiny");
        String x = g.input("input", batch, channels, side, side);
        String negative = g.op(OnnxOp.MUL, "negative", x, g.constant("minus_one", new float[] {-1f}));
        String logits = g.op(OnnxOp.CONCAT, "logits_concat", List.of(negative, x), OpAttributes.of().i("axis", 1));
        g.output(logits, "logits", batch, 2 * channels, side, side);
        g.useOpsets(List.of(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset).build()),
                GraphBuilder.IR_VERSION);
        return g.build();
    }
}

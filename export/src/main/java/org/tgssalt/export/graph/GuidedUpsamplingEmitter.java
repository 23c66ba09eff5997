package org.tgssalt.export.graph;

import java.util.List;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.onnx.OnnxOp;
import org.tgssalt.export.onnx.OpAttributes;
import org.tgssalt.train.model.GuidedUpsampling;

/**
 * {@link GuidedUpsampling} (inputs x0, p): {@code u = resize(p)}, {@code h = Relu(guide(x0) + context(u))},
 * offsets from the three offset convolutions, moved to {@code [N,H,W,2]} (Transpose), divided by
 * {@code ((W-1)/2, (H-1)/2)} and added to a constant align-corners base grid; then the output CBR with
 * GridSample (bilinear, zeros, align_corners=1) between its 1x1 convolution and its batch norm.
 */
public final class GuidedUpsamplingEmitter implements BlockEmitter<GuidedUpsampling> {
    @Override
    public Class<GuidedUpsampling> blockType() {
        return GuidedUpsampling.class;
    }

    @Override
    public FeatureMap emit(Emission emission, GuidedUpsampling block, String scope, List<FeatureMap> inputs) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(scope + ": expected inputs (x0, p), got " + inputs.size());
        }
        FeatureMap x0 = inputs.get(0);
        FeatureMap p = inputs.get(1);
        GraphBuilder g = emission.graph();
        int height = x0.height();
        int width = x0.width();
        FeatureMap u = BilinearResizing.resize(g, Emission.child(scope, "upsample"), p, height, width);
        FeatureMap guided = emission.emit(block.guide(), Emission.child(scope, "guide"), x0);
        FeatureMap context = emission.emit(block.context(), Emission.child(scope, "context"), u);
        FeatureMap h = guided.renamed(g.op(OnnxOp.RELU, scope + "/h",
                g.op(OnnxOp.ADD, scope + "/h_sum", guided.name(), context.name())));
        FeatureMap o1 = emission.emit(block.offset1(), Emission.child(scope, "offset1"), h);
        FeatureMap o2 = emission.emit(block.offset2(), Emission.child(scope, "offset2"), o1);
        FeatureMap offset = emission.emit(block.offset3(), Emission.child(scope, "offset3"), o2);
        if (offset.channels() != 2 || offset.height() != height || offset.width() != width) {
            throw new IllegalStateException(scope + ": offsets must be [2," + height + "," + width + "], got "
                    + offset.sizeText());
        }
        String nhwc = g.op(OnnxOp.TRANSPOSE, scope + "/offset_nhwc", List.of(offset.name()),
                OpAttributes.of().ints("perm", 0, 2, 3, 1));
        String pixelsPerUnit = g.constant(scope + "/pixels_per_unit",
                new float[] {Math.max(1, width - 1) / 2f, Math.max(1, height - 1) / 2f}, 2);
        String normalised = g.op(OnnxOp.DIV, scope + "/offset_units", nhwc, pixelsPerUnit);
        String grid = g.op(OnnxOp.ADD, scope + "/grid", normalised,
                g.constant(scope + "/base_grid", baseGrid(height, width), 1, height, width, 2));
        // As GuidedUpsampling's forward does: the output CBR's 1x1 convolution before the sampling (they
        // commute), so GridSample moves out (16 at f = 2) channels instead of low (128). ONNX Runtime profile,
        // f = 2, batch 1: GridSample 19.2 -> 1.9 ms of a float32 pass (25% -> 3%), 16.6 -> 1.8 ms of an int8
        // pass (39% -> 7%).
        return ConvolutionEmitter.emitAroundSampling(emission, ConvolutionLayer.of(block.output()),
                Emission.child(scope, "output"), p,
                narrow -> new FeatureMap(g.op(OnnxOp.GRID_SAMPLE, scope + "/sample", List.of(narrow.name(), grid),
                        OpAttributes.of().s("mode", "bilinear").s("padding_mode", "zeros").i("align_corners", 1)),
                        narrow.channels(), height, width));
    }

    /** The identity grid [1,H,W,2], x = 2j/(W-1) - 1 in channel 0, y = 2i/(H-1) - 1 in channel 1. */
    static float[] baseGrid(int height, int width) {
        float[] values = new float[height * width * 2];
        for (int i = 0; i < height; i++) {
            for (int j = 0; j < width; j++) {
                values[(i * width + j) * 2] = width == 1 ? 0f : (float) (2.0 * j / (width - 1) - 1.0);
                values[(i * width + j) * 2 + 1] = height == 1 ? 0f : (float) (2.0 * i / (height - 1) - 1.0);
            }
        }
        return values;
    }
}

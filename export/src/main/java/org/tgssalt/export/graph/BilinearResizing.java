package org.tgssalt.export.graph;

import java.util.List;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.onnx.OnnxOp;
import org.tgssalt.export.onnx.OpAttributes;

/**
 * Bilinear resizing with align_corners=True semantics (output i samples source i (in-1)/(out-1)),
 * as the model's {@code BilinearResize}: ONNX Resize, mode {@code linear},
 * {@code coordinate_transformation_mode align_corners}. The target {@code sizes} are
 * {@code [N, C, h, w]} with N read from the input's shape, so the batch stays dynamic.
 */
public final class BilinearResizing {
    private BilinearResizing() {
    }

    /** {@code x} resized to {@code height} x {@code width}; {@code x} itself when the size already matches. */
    public static FeatureMap resize(GraphBuilder g, String scope, FeatureMap x, int height, int width) {
        if (x.height() == height && x.width() == width) {
            return x;
        }
        String batch = g.op(OnnxOp.SHAPE, scope + "/batch", List.of(x.name()), OpAttributes.of().i("end", 1));
        String rest = g.vector(scope + "/chw", x.channels(), height, width);
        String sizes = g.op(OnnxOp.CONCAT, scope + "/sizes", List.of(batch, rest), OpAttributes.of().i("axis", 0));
        String y = g.op(OnnxOp.RESIZE, scope + "/resize", List.of(x.name(), "", "", sizes),
                OpAttributes.of().s("mode", "linear").s("coordinate_transformation_mode", "align_corners"));
        return new FeatureMap(y, x.channels(), height, width);
    }
}

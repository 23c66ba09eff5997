package org.tgssalt.export.graph;

import java.util.ArrayList;
import java.util.List;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.onnx.OnnxOp;
import org.tgssalt.export.onnx.OpAttributes;
import org.tgssalt.train.model.PyramidPooling;

/**
 * {@link PyramidPooling}: per bin an AveragePool (kernel and stride from the block, no padding,
 * floor rounding), the path's CBR 1x1 and a bilinear align-corners resize back; Concat
 * [input, paths] on channels.
 */
public final class PyramidPoolingEmitter implements BlockEmitter<PyramidPooling> {
    @Override
    public Class<PyramidPooling> blockType() {
        return PyramidPooling.class;
    }

    @Override
    public FeatureMap emit(Emission emission, PyramidPooling block, String scope, List<FeatureMap> inputs) {
        FeatureMap x = ConvolutionEmitter.single(scope, inputs);
        if (x.height() != block.inputSize() || x.width() != block.inputSize()) {
            throw new IllegalStateException(scope + ": pyramid pooling is laid out for " + block.inputSize() + "x"
                    + block.inputSize() + " maps, got " + x.sizeText());
        }
        GraphBuilder g = emission.graph();
        List<String> parts = new ArrayList<>(List.of(x.name()));
        int channels = x.channels();
        int[] bins = block.bins();
        for (int i = 0; i < bins.length; i++) {
            String path = Emission.child(scope, "path" + (i + 1));
            int kernel = block.kernel(i);
            int stride = block.stride(i);
            int side = (x.height() - kernel) / stride + 1;
            String pooled = g.op(OnnxOp.AVERAGE_POOL, path + "/pool", List.of(x.name()), OpAttributes.of()
                    .ints("kernel_shape", kernel, kernel).ints("strides", stride, stride).ints("pads", 0, 0, 0, 0)
                    .i("ceil_mode", 0).i("count_include_pad", 1));
            FeatureMap reduced = emission.emit(block.paths().get(i), path,
                    new FeatureMap(pooled, x.channels(), side, side));
            FeatureMap up = BilinearResizing.resize(g, path, reduced, x.height(), x.width());
            parts.add(up.name());
            channels += up.channels();
        }
        String concat = g.op(OnnxOp.CONCAT, scope + "/concat", parts, OpAttributes.of().i("axis", 1));
        return x.withChannels(concat, channels);
    }
}

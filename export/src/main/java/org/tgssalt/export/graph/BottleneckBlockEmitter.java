package org.tgssalt.export.graph;

import java.util.List;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.onnx.OnnxOp;
import org.tgssalt.train.model.BottleneckBlock;
import org.tgssalt.train.model.ConvBn;

/** {@link BottleneckBlock}: {@code Relu(expand(conv(reduce(x))) + shortcut(x))}, shortcut CB 1x1 or identity. */
public final class BottleneckBlockEmitter implements BlockEmitter<BottleneckBlock> {
    @Override
    public Class<BottleneckBlock> blockType() {
        return BottleneckBlock.class;
    }

    @Override
    public FeatureMap emit(Emission emission, BottleneckBlock block, String scope, List<FeatureMap> inputs) {
        FeatureMap x = ConvolutionEmitter.single(scope, inputs);
        FeatureMap expanded = branch(emission, scope, block.reduce(), block.conv(), block.expand(), x);
        FeatureMap skip = block.shortcut().isPresent()
                ? emission.emit(block.shortcut().get(), Emission.child(scope, "shortcut"), x)
                : x;
        return residualSum(emission.graph(), scope, expanded, skip);
    }

    /**
     * The residual branch {@code expand(conv(reduce(x)))} shared by the bottleneck and identity blocks, its
     * nodes named {@code scope/reduce}, {@code scope/conv}, {@code scope/expand}.
     */
    static FeatureMap branch(Emission emission, String scope, ConvBn reduce, ConvBn conv, ConvBn expand,
            FeatureMap x) {
        FeatureMap reduced = emission.emit(reduce, Emission.child(scope, "reduce"), x);
        FeatureMap convolved = emission.emit(conv, Emission.child(scope, "conv"), reduced);
        return emission.emit(expand, Emission.child(scope, "expand"), convolved);
    }

    /** {@code Relu(branch + skip)}, checking that the two agree in size. */
    static FeatureMap residualSum(GraphBuilder g, String scope, FeatureMap branch, FeatureMap skip) {
        if (!branch.sizeText().equals(skip.sizeText())) {
            throw new IllegalStateException(scope + ": residual branch " + branch.sizeText() + " and skip "
                    + skip.sizeText() + " differ in size");
        }
        String sum = g.op(OnnxOp.ADD, scope + "/sum", branch.name(), skip.name());
        return branch.renamed(g.op(OnnxOp.RELU, scope + "/relu", sum));
    }
}

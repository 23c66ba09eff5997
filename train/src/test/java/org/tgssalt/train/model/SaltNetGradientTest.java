package org.tgssalt.train.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tgssalt.train.testing.NDManagerExtension;

/**
 * Autograd through the whole network (float64, evaluation mode so the function is deterministic)
 * agrees with central finite differences for parameters at both ends and inside the GUM, whose
 * gradient reaches its offset branch only through the grid sampler. Tolerance: 1e-3 relative plus
 * 1e-8 absolute.
 */
@ExtendWith(NDManagerExtension.class)
class SaltNetGradientTest {

    @Test
    void parameterGradientsMatchFiniteDifferences(NDManager manager) {
        Engine.getInstance().setRandomSeed(17);
        SaltNet net = new SaltNet(SaltNetConfig.full(0.25), 49);
        Shape shape = new Shape(2, 1, 49, 49);
        net.initialize(manager, DataType.FLOAT64, shape);
        NDArray image = manager.randomNormal(shape).toType(DataType.FLOAT64, false);
        NDArray weights = manager.randomNormal(shape).toType(DataType.FLOAT64, false);
        ParameterStore store = new ParameterStore(manager, false);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(objective(net, store, image, weights));
        }
        Parameter[] checked = {
            net.stem().conv().getParameters().get("weight"),
            net.gum().orElseThrow().offset3().conv().getParameters().get("weight"),
            net.gum().orElseThrow().context().conv().getParameters().get("weight"),
            net.enc5().bottleneck().conv().conv().getParameters().get("weight"),
            net.classifier().getParameters().get("bias")};
        for (Parameter parameter : checked) {
            NDArray array = parameter.getArray();
            double analytic = array.getGradient().reshape(-1).getDouble(0);
            double step = 1e-5;
            double plus = shifted(net, store, image, weights, array, step);
            double minus = shifted(net, store, image, weights, array, -step);
            double numeric = (plus - minus) / (2 * step);
            assertTrue(Double.isFinite(analytic), parameter.getName() + " gradient is finite");
            // Central differences in float64 carry ~1e-9 absolute noise here; ReLU kinks add a little more.
            assertEquals(numeric, analytic, 1e-3 * Math.abs(numeric) + 1e-8,
                    parameter.getName() + " gradient");
        }
    }

    private static NDArray objective(SaltNet net, ParameterStore store, NDArray image, NDArray weights) {
        return net.forward(store, new NDList(image), false).singletonOrThrow().mul(weights).sum();
    }

    private static double shifted(SaltNet net, ParameterStore store, NDArray image, NDArray weights,
            NDArray parameter, double step) {
        NDArray flat = parameter.reshape(-1);
        double original = flat.getDouble(0);
        parameter.setRequiresGradient(false);
        flat.set(new NDIndex(0), original + step);
        double value = objective(net, store, image, weights).getDouble();
        flat.set(new NDIndex(0), original);
        parameter.setRequiresGradient(true);
        return value;
    }
}

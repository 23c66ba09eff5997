package org.tgssalt.train.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tgssalt.train.testing.NDManagerExtension;

@ExtendWith(NDManagerExtension.class)
class SaltNetTest {

    private static long trainable(ai.djl.nn.Block block) {
        long count = 0;
        for (Parameter parameter : block.getParameters().values()) {
            if (parameter.requiresGradient()) {
                count += parameter.getArray().size();
            }
        }
        return count;
    }

    @Test
    void referenceWidthHasTheReferenceParameterCount(NDManager manager) {
        SaltNet net = new SaltNet(SaltNetConfig.reference());
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 129, 129));
        assertEquals(1_868_374L, net.trainableParameterCount());
        assertEquals(36_930L, trainable(net.auxiliary().orElseThrow()));
    }

    @Test
    void guidedUpsamplingParametersAreTheGumAndItsOutputCbr(NDManager manager) {
        SaltNet net = new SaltNet(SaltNetConfig.reference());
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 129, 129));
        long count = 0;
        for (Parameter parameter : net.guidedUpsamplingParameters().values()) {
            count += parameter.requiresGradient() ? parameter.getArray().size() : 0;
        }
        // guide 32*128+256, context 128*128*9+256, offsets 128*64*9+128, 64*32*9+64, 32*2*9+4, output 128*16+32
        assertEquals(4_352L + 147_712L + 73_856L + 18_496L + 580L + 2_080L, count);
    }

    @Test
    void baseStageWithoutScseAndGum(NDManager manager) {
        SaltNet net = new SaltNet(new SaltNetConfig(2.0, false, false, true, 2));
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 129, 129));
        // scSE(C) = C*C/2 + C + C/2*C + 2C + C + 2: 64 -> 4354, 128 -> 16898, 256 -> 66562, 32 -> 1154, 16 -> 322
        long scse = 4_354L + 16_898L + 66_562L + 16_898L + 4_354L + 1_154L + 322L;
        assertEquals(1_868_374L - scse - 247_076L, net.trainableParameterCount());
        assertTrue(net.gum().isEmpty());
        assertTrue(net.enc1Scse().isEmpty());
        assertTrue(net.dec3().scse().isEmpty());
        assertEquals(0, net.guidedUpsamplingParameters().size());
    }

    @Test
    void parameterNamesOfEarlierStagesSurviveGrowth() {
        SaltNet base = new SaltNet(new SaltNetConfig(1.0, false, false, true, 2));
        SaltNet grown = new SaltNet(SaltNetConfig.full(1.0));
        java.util.List<String> missing = new java.util.ArrayList<>(base.getParameters().keys());
        missing.removeAll(grown.getParameters().keys());
        assertEquals(java.util.List.of(), missing, "parameters of the base model missing after growth");
        assertTrue(grown.getParameters().size() > base.getParameters().size());
    }

    @Test
    void trainingWithoutAuxiliaryHeadReturnsOnlyLogits(NDManager manager) {
        SaltNet net = new SaltNet(new SaltNetConfig(0.25, true, true, false, 2));
        net.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 129, 129));
        NDList out = net.forward(new ParameterStore(manager, false),
                new NDList(manager.randomNormal(new Shape(2, 1, 129, 129))), true);
        assertEquals(1, out.size());
        assertEquals(new Shape(2, 2, 129, 129), out.get(0).getShape());
    }

    @Test
    void convolutionWeightsStartLikePyTorch(NDManager manager) {
        SaltNet net = new SaltNet(SaltNetConfig.reference());
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 129, 129));
        // context conv: fan_in = 128 * 9; PyTorch default is uniform in +-1/sqrt(fan_in), std = bound/sqrt(3)
        NDArray weight = net.gum().orElseThrow().context().conv().getParameters().get("weight").getArray();
        double bound = 1 / Math.sqrt(128 * 9);
        assertTrue(weight.abs().max().getFloat() <= bound);
        double std = Math.sqrt(weight.pow(2f).mean().getFloat());
        assertEquals(bound / Math.sqrt(3), std, 0.02 * bound);
        NDArray bias = net.classifier().getParameters().get("bias").getArray();
        assertTrue(bias.abs().max().getFloat() <= 1 / Math.sqrt(16));
    }

    @Test
    void configRoundTripsThroughJson() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        SaltNetConfig config = new SaltNetConfig(0.5, true, false, true, 2);
        String json = mapper.writeValueAsString(config);
        assertEquals("{\"widthFactor\":0.5,\"useScse\":true,\"useGum\":false,\"useAuxiliary\":true,\"classes\":2,"
                + "\"minChannels\":4}", json);
        assertEquals(config, mapper.readValue(json, SaltNetConfig.class));
        // Files written before the channel floor existed describe plainly scaled networks.
        assertEquals(new SaltNetConfig(1.0, true, false, true, 2, 1),
                mapper.readValue("{\"widthFactor\":1.0,\"useScse\":true,\"useGum\":false}", SaltNetConfig.class));
        com.fasterxml.jackson.databind.exc.MismatchedInputException missing = org.junit.jupiter.api.Assertions.assertThrows(
                com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
                () -> mapper.readValue("{\"useScse\":true,\"useGum\":false}", SaltNetConfig.class));
        assertTrue(missing.getMessage().contains("widthFactor"), missing.getMessage());
        assertEquals(32, SaltNetConfig.reference().channels(16));
        assertEquals(1, new SaltNetConfig(0.01, true, true, true, 2, 1).channels(16));
        assertEquals(3, new SaltNetConfig(0.75, true, true, true, 2, 1).channels(4));
        // The floor: f = 0.25 would give the last decoder stage 1 and 2 channels.
        assertEquals(4, new SaltNetConfig(0.25, true, true, true, 2).channels(4));
        assertEquals(4, new SaltNetConfig(0.25, true, true, true, 2).channels(8));
        assertEquals(5, new SaltNetConfig(0.75, true, true, true, 2).channels(6));
        assertEquals(8, new SaltNetConfig(1.0, true, true, true, 2).channels(8));
    }

    @Test
    void widthOneHasTheFormulaParameterCount(NDManager manager) {
        SaltNet net = new SaltNet(SaltNetConfig.full(1.0));
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 129, 129));
        assertEquals(471_206L, net.trainableParameterCount());
    }

    @Test
    void evalForwardGivesProbabilitiesAndTrainingForwardGivesBothLogits(NDManager manager) {
        SaltNet net = new SaltNet(SaltNetConfig.full(0.5));
        net.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 129, 129));
        NDArray image = manager.randomNormal(new Shape(2, 1, 129, 129));
        ParameterStore store = new ParameterStore(manager, false);
        NDList eval = net.forward(store, new NDList(image), false);
        assertEquals(1, eval.size());
        assertEquals(new Shape(2, 1, 129, 129), eval.get(0).getShape());
        float[] p = eval.get(0).toFloatArray();
        for (float v : p) {
            assertTrue(v >= 0f && v <= 1f, "probability " + v);
        }
        NDList train = net.forward(store, new NDList(image), true);
        assertEquals(2, train.size());
        assertEquals(new Shape(2, 2, 129, 129), train.get(0).getShape());
        assertEquals(new Shape(2, 2, 129, 129), train.get(1).getShape());
    }
}

package org.tgssalt.export.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tgssalt.export.graph.ExportOptions;
import org.tgssalt.export.graph.SaltNetGraph;
import org.tgssalt.image.GrayImage;
import org.tgssalt.train.model.SaltNet;
import org.tgssalt.train.model.SaltNetConfig;
import org.tgssalt.train.testing.NDManagerExtension;

/** The parity check must fail, naming the graph and the difference, when the graph is not the model's. */
@ExtendWith(NDManagerExtension.class)
class ParityCheckTest {
    @Test
    void failsNamingTheFoldWhenTheModelChangedAfterExport(NDManager m) throws Exception {
        SaltNet net = new SaltNet(new SaltNetConfig(0.125, true, true, false, 2));
        net.initialize(m, DataType.FLOAT32, new Shape(1, 1, 129, 129));
        byte[] model = SaltNetGraph.build(net, "fold-7", ExportOptions.DEFAULT, Map.of()).toByteArray();
        List<GrayImage> images = ParityImages.collect(null, ParityCheck.MIN_IMAGES, 5);
        ParityCheck.Report ok = ParityCheck.verify("fold 7", net, model, images, m);
        assertTrue(ok.maxAbsDifference() <= ParityCheck.TOLERANCE, ok.summary());

        // Shift the classifier's salt bias: the exported graph no longer matches.
        NDArray bias = net.classifier().getParameters().get("bias").getArray();
        float[] b = bias.toFloatArray();
        b[1] += 0.01f;
        bias.set(b);
        ParityException e = assertThrows(ParityException.class,
                () -> ParityCheck.verify("fold 7", net, model, images, m));
        assertTrue(e.getMessage().startsWith("fold 7: ONNX graph disagrees with the DJL model: max |difference| "
                + "of salt probabilities "), e.getMessage());
        assertTrue(e.getMessage().endsWith("over 8 images exceeds 1e-04"), e.getMessage());
        assertTrue(e.maxAbsDifference() > 1e-3, "difference " + e.maxAbsDifference());

        // A looser, explicit limit is honoured both ways: above the difference it passes and reports
        // the limit; just below it fails naming that limit.
        double difference = e.maxAbsDifference();
        ParityCheck.Report loose = ParityCheck.verify("fold 7", net, model, images, m, difference * 1.01);
        assertEquals(difference, loose.maxAbsDifference(), 0.0);
        assertEquals(difference * 1.01, loose.tolerance(), 0.0);
        ParityException tight = assertThrows(ParityException.class,
                () -> ParityCheck.verify("fold 7", net, model, images, m, difference * 0.99));
        assertEquals(difference, tight.maxAbsDifference(), 0.0);
    }

    @Test
    void refusesFewerThanEightImages() throws Exception {
        List<GrayImage> images = ParityImages.collect(null, 7, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParityCheck.verify("fold 1", null, new byte[0], images, null));
        assertTrue(e.getMessage().equals("a parity check needs at least 8 images, got 7"), e.getMessage());
    }
}

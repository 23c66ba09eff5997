package org.tgssalt.export.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tgssalt.export.onnx.GraphBuilder;
import org.tgssalt.export.parity.ParityCheck;
import org.tgssalt.geometry.ImageConvention;
import org.tgssalt.geometry.OutputActivation;
import org.tgssalt.geometry.PaddingMode;
import org.tgssalt.manifest.EnsembleManifest;

/**
 * Every padding mode, 1 and 3 channels and odd borders through the whole import (its parity check compares the
 * wrapped graph with core's Java convention), on a weightless graph whose logits are {@code [-x, x]}.
 */
class ImportConventionsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"128, reflect, 1", "128, edge, 3", "130, zero, 1", "96, resize, 3", "129, symmetric, 3"})
    void importsAndPassesParity(int side, String padding, int channels) throws Exception {
        Path graph = Files.write(dir.resolve("fold-1.onnx"),
                ForeignStyleGraphs.tiny(GraphBuilder.BATCH, channels, side, 14).toByteArray());
        List<Double> mean = channels == 1 ? List.of(120.0) : List.of(123.675, 116.28, 103.53);
        List<Double> scale = channels == 1 ? List.of(60.0) : List.of(58.395, 57.12, 57.375);
        ImageConvention c = new ImageConvention(side, PaddingMode.parse(padding), mean, scale, channels,
                OutputActivation.parse("softmax:" + channels)); // the first "x" channel of [-x, x]
        GraphImporter.ImportResult r = new GraphImporter(s -> { }).importGraphs(new GraphImporter.Request(
                List.of(graph), dir.resolve("out"), c, null, null, true, null, ParityCheck.TOLERANCE));
        assertTrue(r.parity().get(0).maxAbsDifference() <= 1e-5, r.parity().get(0).toString());
        assertTrue(r.fusedDifference() <= 1e-6, "fused " + r.fusedDifference());
        EnsembleManifest m = r.manifest();
        assertEquals(padding, m.provenance().get("convention.padding"));
        assertEquals(Integer.toString(side), m.provenance().get("convention.inputSize"));
    }
}

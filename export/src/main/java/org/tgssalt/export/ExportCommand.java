package org.tgssalt.export;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.tgssalt.cli.Command;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.cli.TypedOptions;
import org.tgssalt.export.graph.ExportOptions;
import org.tgssalt.export.parity.ParityCheck;

/**
 * {@code ./tgs export --checkpoints DIR --out DIR [--fused] [--data ROOT] [--keep-batchnorm]
 * [--parity-tolerance T]}: every
 * {@code DIR/fold-K} checkpoint becomes {@code OUT/fold-K.onnx} (parity-checked against the DJL model),
 * plus {@code OUT/ensemble.json} and, with {@code --fused}, {@code OUT/ensemble.onnx}.
 */
public final class ExportCommand implements Command {
    @Override
    public String name() {
        return "export";
    }

    @Override
    public String summary() {
        return "turn fold checkpoints into parity-checked ONNX graphs (+ fused graph) and ensemble.json";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("checkpoints").hasArg().argName("DIR").required()
                        .desc("training output folder holding fold-1, fold-2, ... checkpoints").get())
                .addOption(Option.builder().longOpt("out").hasArg().argName("DIR").required()
                        .desc("where fold-K.onnx, ensemble.onnx and ensemble.json go").get())
                .addOption(Option.builder().longOpt("fused")
                        .desc("also write ensemble.onnx: all folds, flip TTA and the mean in one graph").get())
                .addOption(Option.builder().longOpt("data").hasArg().argName("ROOT")
                        .desc("TGS data folder whose train images join the parity inputs "
                                + "(default: ${tgs.shared.dir}/tgs when present; synthetic images otherwise)").get())
                .addOption(TypedOptions.of("parity-tolerance", "T", Double.class,
                        "max |difference| of salt probabilities allowed between each ONNX graph and its DJL "
                                + "model (default 1e-4; the fused graph is held to a tenth of it); recorded in the manifest"))
                .addOption(Option.builder().longOpt("keep-batchnorm")
                        .desc("emit BatchNormalization nodes instead of folding batch norm into the convolutions")
                        .get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        SaltNetExporter.Request request = new SaltNetExporter.Request(
                Path.of(line.getOptionValue("checkpoints")), Path.of(line.getOptionValue("out")),
                line.hasOption("fused"), parityData(line), new ExportOptions(!line.hasOption("keep-batchnorm")),
                TypedOptions.between(line, "parity-tolerance", 0, 1, ParityCheck.TOLERANCE));
        SaltNetExporter.ExportResult result = new SaltNetExporter(System.err::println).export(request);
        double worst = result.parity().stream().mapToDouble(ParityCheck.Report::maxAbsDifference).max().orElse(0);
        out.printf(Locale.ROOT, "exported %d fold graphs to %s (parity max |diff| %.2e, limit %.0e)%s%n",
                result.manifest().folds().size(), request.out(), worst, request.parityTolerance(),
                request.fused() ? String.format(Locale.ROOT, "; fused graph max |diff| %.2e", result.fusedDifference())
                        : "");
        return ExitCode.OK;
    }

    private static Path parityData(CommandLine line) {
        return line.hasOption("data") ? Path.of(line.getOptionValue("data")) : SaltNetExporter.sharedParityData();
    }
}

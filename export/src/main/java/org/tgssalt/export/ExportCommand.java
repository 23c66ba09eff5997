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
import org.tgssalt.cli.UsageException;
import org.tgssalt.export.graph.ExportOptions;
import org.tgssalt.export.int8.CalibrationMethod;
import org.tgssalt.export.int8.Int8Settings;
import org.tgssalt.export.parity.ParityCheck;

/**
 * {@code ./tgs export --checkpoints DIR --out DIR [--fused] [--data ROOT] [--keep-batchnorm]
 * [--parity-tolerance T] [--int8 [--calibration-images N] [--calibration-method minmax|percentile]
 * [--int8-tolerance T] [--int8-weights 8bit|7bit]]}: every
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
                .addOption(Option.builder().longOpt("int8")
                        .desc("also write calibrated int8 graphs (fold-K.int8.onnx; with --fused ensemble.int8.onnx), "
                                + "checked against float32 on held-out and out-of-fold images").get())
                .addOption(TypedOptions.of("calibration-images", "N", Integer.class, "int8 calibration images per "
                        + "fold, real training images of --data (default " + Int8Settings.DEFAULT_IMAGES
                        + "; generated images when there is no data)"))
                .addOption(Option.builder().longOpt("calibration-method").hasArg().argName("minmax|percentile")
                        .desc("how int8 activation ranges are chosen (default "
                                + Int8Settings.DEFAULT_METHOD.text() + ")").get())
                .addOption(TypedOptions.of("int8-tolerance", "T", Double.class, "largest out-of-fold mAP int8 may "
                        + "lose against float32 before the export fails (default " + Int8Settings.DEFAULT_TOLERANCE
                        + ")"))
                .addOption(Option.builder().longOpt("int8-weights").hasArg().argName("8bit|7bit")
                        .desc("int8 weight range: 8bit [-127,127] (default) or 7bit [-63,63] for CPUs without VNNI "
                                + "(AVX2 only), where 8-bit weights can saturate").get())
                .addOption(Option.builder().longOpt("keep-batchnorm")
                        .desc("emit BatchNormalization nodes instead of folding batch norm into the convolutions")
                        .get());
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        SaltNetExporter.Request request = new SaltNetExporter.Request(
                Path.of(line.getOptionValue("checkpoints")), Path.of(line.getOptionValue("out")),
                line.hasOption("fused"), parityData(line), new ExportOptions(!line.hasOption("keep-batchnorm")),
                TypedOptions.between(line, "parity-tolerance", 0, 1, ParityCheck.TOLERANCE), int8Settings(line));
        SaltNetExporter.ExportResult result = new SaltNetExporter(System.err::println).export(request);
        double worst = result.parity().stream().mapToDouble(ParityCheck.Report::maxAbsDifference).max().orElse(0);
        out.printf(Locale.ROOT, "exported %d fold graph%s to %s (parity max |diff| %.2e, limit %.0e)%s%n",
                result.manifest().folds().size(), result.manifest().folds().size() == 1 ? "" : "s", request.out(),
                worst, request.parityTolerance(),
                request.fused() ? String.format(Locale.ROOT, "; fused graph max |diff| %.2e", result.fusedDifference())
                        : "");
        if (result.manifest().int8() != null) {
            var q = result.manifest().int8().quality();
            out.printf(Locale.ROOT, "int8 graphs: held-out max |diff| %.4f, mean %.5f, mask flips %.4f%%%s%n",
                    q.maxAbsDifference(), q.meanAbsDifference(), 100 * q.maskFlipShare(), q.oofImages() == null ? ""
                            : String.format(Locale.ROOT, "; out-of-fold mAP fp32 %.4f, int8 %.4f on %d images",
                                    q.oofMapFp32(), q.oofMapInt8(), q.oofImages()));
        }
        return ExitCode.OK;
    }

    /** The int8 options, or null without {@code --int8}. @throws UsageException for a bad value */
    static Int8Settings int8Settings(CommandLine line) {
        if (!line.hasOption("int8")) {
            for (String o : new String[] {"calibration-images", "calibration-method", "int8-tolerance", "int8-weights"}) {
                if (line.hasOption(o)) {
                    throw new UsageException("--" + o + " needs --int8");
                }
            }
            return null;
        }
        CalibrationMethod method;
        try {
            method = CalibrationMethod.parse(line.getOptionValue("calibration-method",
                    Int8Settings.DEFAULT_METHOD.text()));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--calibration-method: " + e.getMessage());
        }
        String weights = line.getOptionValue("int8-weights", "8bit");
        if (!weights.equals("8bit") && !weights.equals("7bit")) {
            throw new UsageException("--int8-weights must be 8bit or 7bit, got '" + weights + "'");
        }
        return new Int8Settings(TypedOptions.atLeast(line, "calibration-images", 1, Int8Settings.DEFAULT_IMAGES),
                method, TypedOptions.between(line, "int8-tolerance", 0, 1, Int8Settings.DEFAULT_TOLERANCE),
                weights.equals("8bit") ? 8 : 7, Int8Settings.DEFAULT_HELD_OUT);
    }

    private static Path parityData(CommandLine line) {
        return line.hasOption("data") ? Path.of(line.getOptionValue("data")) : SaltNetExporter.sharedParityData();
    }
}

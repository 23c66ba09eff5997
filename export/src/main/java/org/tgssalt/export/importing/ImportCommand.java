package org.tgssalt.export.importing;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.OptionGroup;
import org.apache.commons.cli.Options;
import org.tgssalt.InputException;
import org.tgssalt.cli.Command;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.cli.TypedOptions;
import org.tgssalt.cli.UsageException;
import org.tgssalt.export.SaltNetExporter;
import org.tgssalt.export.parity.ParityCheck;
import org.tgssalt.geometry.ImageConvention;
import org.tgssalt.geometry.OutputActivation;
import org.tgssalt.geometry.PaddingMode;

/**
 * {@code ./tgs import --graphs FILE... | --graphs-dir DIR --out DIR [--input NAME] [--output NAME]
 * [--input-size 129] [--padding symmetric] [--mean 123.03] [--scale 255] [--channels 1]
 * [--activation softmax:1] [--fused] [--data ROOT] [--parity-tolerance T]}: fold graphs exported elsewhere
 * (PyTorch's {@code torch.onnx.export}, ...) become parity-checked {@code OUT/fold-K.onnx} wrapped in the
 * given convention, plus {@code OUT/ensemble.json} and, with {@code --fused}, {@code OUT/ensemble.onnx}.
 * The defaults are the reference network's convention.
 */
public final class ImportCommand implements Command {
    @Override
    public String name() {
        return "import";
    }

    @Override
    public String summary() {
        return "wrap fold graphs exported elsewhere (e.g. PyTorch) into parity-checked fold graphs and ensemble.json";
    }

    @Override
    public Options options() {
        OptionGroup sources = new OptionGroup()
                .addOption(Option.builder().longOpt("graphs").hasArgs().argName("FILE...")
                        .desc("the foreign fold graphs (.onnx); fold numbers from their names (fold0, fold-3, ...) "
                                + "when every name has one, else their order").get())
                .addOption(Option.builder().longOpt("graphs-dir").hasArg().argName("DIR")
                        .desc("a folder whose *.onnx files are the fold graphs (sorted by name)").get());
        sources.setRequired(true);
        ImageConvention ref = ImageConvention.REFERENCE;
        return new Options()
                .addOptionGroup(sources)
                .addOption(Option.builder().longOpt("out").hasArg().argName("DIR").required()
                        .desc("where fold-K.onnx, ensemble.onnx and ensemble.json go").get())
                .addOption(Option.builder().longOpt("input").hasArg().argName("NAME")
                        .desc("the graph input fed with the image (default: the only input)").get())
                .addOption(Option.builder().longOpt("output").hasArg().argName("NAME")
                        .desc("the graph output that holds the salt map (default: the only output; required "
                                + "when there are several)").get())
                .addOption(TypedOptions.of("input-size", "N", Integer.class,
                        "the network's input side (default " + ref.inputSize() + ")"))
                .addOption(Option.builder().longOpt("padding").hasArg().argName("MODE")
                        .desc("how the 101x101 image reaches that side: symmetric (default), reflect, edge, zero "
                                + "or resize").get())
                .addOption(Option.builder().longOpt("mean").hasArg().argName("M[,M,M]")
                        .desc("normalisation (255 p - mean) / scale: mean in 8-bit levels, one value or one per "
                                + "channel (default 123.03)").get())
                .addOption(Option.builder().longOpt("scale").hasArg().argName("S[,S,S]")
                        .desc("normalisation divisor, one value or one per channel (default 255)").get())
                .addOption(TypedOptions.of("channels", "C", Integer.class,
                        "input channels: 1 (default) or 3 (the gray image repeated)"))
                .addOption(Option.builder().longOpt("activation").hasArg().argName("HEAD")
                        .desc("how the output becomes the salt probability: softmax:C (default softmax:1), "
                                + "sigmoid or probability").get())
                .addOption(Option.builder().longOpt("fused")
                        .desc("also write ensemble.onnx: all folds, flip TTA and the mean in one graph "
                                + "(not for graphs with a fixed batch of 1)").get())
                .addOption(Option.builder().longOpt("data").hasArg().argName("ROOT")
                        .desc("TGS data folder whose train images join the parity inputs "
                                + "(default: ${tgs.shared.dir}/tgs when present; synthetic images otherwise)").get())
                .addOption(TypedOptions.of("parity-tolerance", "T", Double.class,
                        "max |difference| of salt probabilities between each wrapped graph and its foreign graph "
                                + "with the framing done in Java (default 1e-4)"));
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        GraphImporter.Request request = new GraphImporter.Request(graphs(line), Path.of(line.getOptionValue("out")),
                convention(line), line.getOptionValue("input"), line.getOptionValue("output"),
                line.hasOption("fused"), line.hasOption("data") ? Path.of(line.getOptionValue("data"))
                        : SaltNetExporter.sharedParityData(),
                TypedOptions.between(line, "parity-tolerance", 0, 1, ParityCheck.TOLERANCE));
        GraphImporter.ImportResult result = new GraphImporter(System.err::println).importGraphs(request);
        double worst = result.parity().stream().mapToDouble(ParityCheck.Report::maxAbsDifference).max().orElse(0);
        out.printf(Locale.ROOT, "imported %d fold graph%s to %s (parity max |diff| %.2e, limit %.0e)%s%n",
                result.manifest().folds().size(), result.manifest().folds().size() == 1 ? "" : "s", request.out(),
                worst, request.parityTolerance(),
                request.fused() ? String.format(Locale.ROOT, "; fused graph max |diff| %.2e", result.fusedDifference())
                        : "");
        return ExitCode.OK;
    }

    /** The convention the options describe; the reference's where an option is absent. */
    static ImageConvention convention(CommandLine line) throws UsageException {
        ImageConvention ref = ImageConvention.REFERENCE;
        int size = TypedOptions.atLeast(line, "input-size", 2, ref.inputSize());
        PaddingMode padding = TypedOptions.parsed(line, "padding", PaddingMode::parse, ref.padding());
        List<Double> mean = TypedOptions.parsed(line, "mean", ImportCommand::numbers, ref.mean());
        List<Double> scale = TypedOptions.parsed(line, "scale", ImportCommand::numbers, ref.scale());
        int channels = TypedOptions.atLeast(line, "channels", 1, ref.channels());
        OutputActivation activation = TypedOptions.parsed(line, "activation", OutputActivation::parse,
                ref.activation());
        try {
            return new ImageConvention(size, padding, mean, scale, channels, activation);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static List<Double> numbers(String text) {
        return Arrays.stream(text.split(",", -1)).map(s -> Double.valueOf(s.trim())).toList();
    }

    private static List<Path> graphs(CommandLine line) throws IOException {
        if (line.hasOption("graphs")) {
            return Arrays.stream(line.getOptionValues("graphs")).map(Path::of).toList();
        }
        Path dir = Path.of(line.getOptionValue("graphs-dir"));
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir.toString(), "not a folder (expected one holding the .onnx fold graphs)");
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx"))
                    .filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        if (files.isEmpty()) {
            throw new InputException(dir.toString(), "holds no .onnx files");
        }
        return files;
    }
}

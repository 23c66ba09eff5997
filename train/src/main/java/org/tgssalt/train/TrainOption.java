package org.tgssalt.train;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.tgssalt.cli.TypedOptions;
import org.tgssalt.cli.UsageException;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.train.model.BatchNormInit;

/**
 * The training options of a command line and their one mapping onto {@link TrainOptions.Builder}: the
 * declaration, the help text (with the defaults of the command's preset) and how a value is read. {@code
 * ./tgs train} offers them all; {@code ./tgs pipeline} offers a subset over its CPU-sized preset. Numbers are
 * parsed by Commons CLI ({@link TypedOptions}); ranges are checked by {@link TrainOptions}.
 *
 * <pre>{@code
 * UnaryOperator<TrainOptions.Builder> preset = b -> b.epochs(8);
 * Options options = TrainOption.declare(new Options(), List.of(TrainOption.EPOCHS, TrainOption.SEED), preset);
 * TrainOptions parsed = TrainOption.parse(line, preset.apply(TrainOptions.builder(data, out)));
 * }</pre>
 */
public enum TrainOption {
    /** {@code --folds N}. */
    FOLDS("folds", "N", Integer.class, d -> "cross-validation folds (default " + d.folds() + ")"),
    /** {@code --fold K}. */
    FOLD("fold", "K", Integer.class, d -> "train only fold K (1-based; default all)"),
    /** {@code --epochs N}. */
    EPOCHS("epochs", "N", Integer.class, d -> "epochs per fold (default " + d.epochs() + ")"),
    /** {@code --batch N}. */
    BATCH("batch", "N", Integer.class, d -> "training batch size (default " + d.batchSize()
            + "; the reference uses 40)"),
    /** {@code --width F}. */
    WIDTH("width", "F", Double.class, d -> "network width factor (default " + d.width()
            + "; 2 is the reference, 0.5 or 1 suit CPU runs)"),
    /** {@code --min-channels N}. */
    MIN_CHANNELS("min-channels", "N", Integer.class, d -> "fewest channels a layer gets at small width factors"
            + " (default " + d.minChannels() + "; 1 scales every layer plainly, as before this option existed)"),
    /** {@code --lr RATE}. */
    LR("lr", "RATE", Double.class, d -> "learning rate (default " + d.learningRate()
            + "; the guided upsampling module uses a tenth)"),
    /** {@code --schedule step|cosine}. */
    SCHEDULE("schedule", "NAME", String.class, d -> "step (x0.5 every 50 epochs) or cosine (warm restarts); default "
            + d.schedule().name().toLowerCase(Locale.ROOT)),
    /** {@code --cycles N}. */
    CYCLES("cycles", "N", Integer.class, d -> "cosine restarts over the run (default " + d.cycles() + ")"),
    /** {@code --seed N}. */
    SEED("seed", "N", Long.class, d -> "seed of shuffling, augmentation and initialisation (default " + d.seed()
            + ")"),
    /** {@code --device auto|cpu|cuda[:N]}. */
    DEVICE("device", "D", String.class, d -> "auto, cpu, cuda or cuda:N (default " + d.device()
            + "); without a usable CUDA device training uses the CPU"),
    /** {@code --limit N}. */
    LIMIT("limit", "N", Integer.class, d -> "use only the first N training images (sorted ids), for quick runs"),
    /** {@code --vgg19 FILE}. */
    VGG19("vgg19", "FILE", String.class, d -> "VGG19 weights for the topology loss (docs/VGG19.md); without it the"
            + " topology term is off"),
    /** {@code --resume DIR}. */
    RESUME("resume", "DIR", String.class, d -> "start a new stage from a checkpoint (a fold directory or a run"
            + " directory holding fold-K), as the reference grew its network: parameters that match are copied, new"
            + " modules start fresh, and Adam's state, the schedule and the epoch count start over"),
    /** {@code --bn-init uniform|ones}. */
    BN_INIT("bn-init", "NAME", String.class, d -> "batch-norm scales start as uniform (U(0,1), the reference's"
            + " PyTorch 0.4.1) or ones (later PyTorch); default " + d.batchNormInit().label()),
    /** {@code --no-scse}. */
    NO_SCSE("no-scse", null, null, d -> "build the network without scSE modules"),
    /** {@code --no-gum}. */
    NO_GUM("no-gum", null, null, d -> "build the network without the guided upsampling module"),
    /** {@code --no-augment}. */
    NO_AUGMENT("no-augment", null, null, d -> "train without augmentation");

    // Descriptions read the preset's defaults from a built TrainOptions; its folders are never used.
    private static final Path UNUSED = Path.of("unused");

    private final String longName;
    private final String argName;
    private final Class<?> type;
    private final Function<TrainOptions, String> description;

    TrainOption(String longName, String argName, Class<?> type, Function<TrainOptions, String> description) {
        this.longName = longName;
        this.argName = argName;
        this.type = type;
        this.description = description;
    }

    /** The option's long name, without the dashes. */
    public String longName() {
        return longName;
    }

    /** The Commons CLI option, its help naming the defaults of {@code defaults}. */
    public Option option(TrainOptions defaults) {
        Option.Builder b = Option.builder().longOpt(longName).desc(description.apply(defaults));
        if (argName != null) {
            b.hasArg().argName(argName).type(type);
        }
        return b.get();
    }

    /**
     * Adds {@code which} to {@code options}, their help naming the defaults that {@code preset} gives.
     *
     * @return {@code options}
     */
    public static Options declare(Options options, Collection<TrainOption> which,
            UnaryOperator<TrainOptions.Builder> preset) {
        TrainOptions defaults = preset.apply(TrainOptions.builder(UNUSED, UNUSED)).build();
        for (TrainOption o : which) {
            options.addOption(o.option(defaults));
        }
        return options;
    }

    /**
     * Sets every training option present in {@code line} on {@code preset} and builds the options; options
     * the command did not declare are simply absent.
     *
     * @throws UsageException naming the option when a value does not parse or is out of range
     */
    public static TrainOptions parse(CommandLine line, TrainOptions.Builder preset) {
        try {
            for (TrainOption o : values()) {
                if (line.hasOption(o.longName)) {
                    o.applyTo(line, preset);
                }
            }
            return preset.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private void applyTo(CommandLine line, TrainOptions.Builder b) {
        switch (this) {
            case FOLDS -> b.folds(TypedOptions.<Integer>value(line, longName, null));
            case FOLD -> b.fold(TypedOptions.<Integer>value(line, longName, null));
            case EPOCHS -> b.epochs(TypedOptions.<Integer>value(line, longName, null));
            case BATCH -> b.batchSize(TypedOptions.<Integer>value(line, longName, null));
            case WIDTH -> b.width(TypedOptions.<Double>value(line, longName, null));
            case MIN_CHANNELS -> b.minChannels(TypedOptions.<Integer>value(line, longName, null));
            case LR -> b.learningRate(TypedOptions.<Double>value(line, longName, null));
            case SCHEDULE -> b.schedule(schedule(line.getOptionValue(longName)));
            case CYCLES -> b.cycles(TypedOptions.<Integer>value(line, longName, null));
            case SEED -> b.seed(TypedOptions.<Long>value(line, longName, null));
            case DEVICE -> b.device(TypedOptions.parsed(line, longName, ExecutionDevice::parse, null));
            case LIMIT -> b.limit(TypedOptions.<Integer>value(line, longName, null));
            case VGG19 -> b.vgg19(Path.of(line.getOptionValue(longName)));
            case RESUME -> b.resume(Path.of(line.getOptionValue(longName)));
            case BN_INIT -> b.batchNormInit(TypedOptions.parsed(line, longName, BatchNormInit::parse, null));
            case NO_SCSE -> b.scse(false);
            case NO_GUM -> b.gum(false);
            case NO_AUGMENT -> b.augment(false);
        }
    }

    private static TrainOptions.Schedule schedule(String text) {
        try {
            return TrainOptions.Schedule.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--schedule must be step or cosine, got '" + text + "'");
        }
    }
}

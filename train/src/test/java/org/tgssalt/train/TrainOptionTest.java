package org.tgssalt.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.junit.jupiter.api.Test;
import org.tgssalt.cli.UsageException;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.train.model.BatchNormInit;

/** The one mapping of training options, for train's full set and for a subset over another preset. */
class TrainOptionTest {
    private static final Path DATA = Path.of("data");
    private static final Path OUT = Path.of("out");
    private static final UnaryOperator<TrainOptions.Builder> SMALL = b -> b.epochs(8).width(0.5).batchSize(16);

    private static CommandLine line(Options options, String... args) throws ParseException {
        return new DefaultParser().parse(options, args);
    }

    @Test
    void everyOptionLandsInItsField() throws ParseException {
        Options all = TrainOption.declare(new Options(), EnumSet.allOf(TrainOption.class), UnaryOperator.identity());
        TrainOptions o = TrainOption.parse(line(all, "--folds", "5", "--fold", "3", "--epochs", "7", "--batch", "6",
                "--width", "0.75", "--min-channels", "2", "--lr", "0.002", "--schedule", "cosine", "--cycles", "4", "--seed", "9",
                "--device", "cuda:1", "--limit", "50", "--vgg19", "v.npz", "--resume", "r", "--bn-init", "ones",
                "--no-scse", "--no-gum", "--no-augment"), TrainOptions.builder(DATA, OUT));
        TrainOptions expected = new TrainOptions(DATA, OUT, 5, OptionalInt.of(3), 7, 6, 0.75, 2, 0.002,
                TrainOptions.Schedule.COSINE, 4, 9, ExecutionDevice.cuda(1), OptionalInt.of(50),
                Optional.of(Path.of("v.npz")), Optional.of(Path.of("r")), false, false, BatchNormInit.ONES, false, false);
        assertEquals(expected, o);
    }

    @Test
    void absentOptionsKeepThePresetsValues() throws ParseException {
        Options some = TrainOption.declare(new Options(), List.of(TrainOption.EPOCHS, TrainOption.SEED), SMALL);
        TrainOptions o = TrainOption.parse(line(some, "--seed", "3"), SMALL.apply(TrainOptions.builder(DATA, OUT)));
        assertEquals(SMALL.apply(TrainOptions.builder(DATA, OUT)).seed(3).build(), o);
        assertEquals(8, o.epochs());
        assertEquals(0.5, o.width());
        assertTrue(o.augment());
    }

    @Test
    void theSameWordsMeanTheSameUnderEitherSet() throws ParseException {
        String[] args = {"--epochs", "2", "--width", "0.25", "--device", "cpu", "--limit", "12"};
        Options all = TrainOption.declare(new Options(), EnumSet.allOf(TrainOption.class), UnaryOperator.identity());
        Options subset = TrainOption.declare(new Options(), List.of(TrainOption.EPOCHS, TrainOption.WIDTH,
                TrainOption.DEVICE, TrainOption.LIMIT), SMALL);
        TrainOptions fromAll = TrainOption.parse(line(all, args), SMALL.apply(TrainOptions.builder(DATA, OUT)));
        TrainOptions fromSubset = TrainOption.parse(line(subset, args), SMALL.apply(TrainOptions.builder(DATA, OUT)));
        assertEquals(fromAll, fromSubset);
    }

    @Test
    void helpNamesThePresetsDefaults() {
        Options small = TrainOption.declare(new Options(), EnumSet.allOf(TrainOption.class), SMALL);
        assertEquals("epochs per fold (default 8)", small.getOption("epochs").getDescription());
        assertEquals("training batch size (default 16; the reference uses 40)",
                small.getOption("batch").getDescription());
        Options reference = TrainOption.declare(new Options(), EnumSet.allOf(TrainOption.class),
                UnaryOperator.identity());
        assertEquals("epochs per fold (default 200)", reference.getOption("epochs").getDescription());
        assertEquals("cross-validation folds (default 10)", reference.getOption("folds").getDescription());
        assertTrue(reference.getOption("width").getDescription().startsWith("network width factor (default 2.0;"));
        assertFalse(reference.getOption("no-gum").hasArg());
    }

    @Test
    void badValuesNameTheOption() throws ParseException {
        Options all = TrainOption.declare(new Options(), EnumSet.allOf(TrainOption.class), UnaryOperator.identity());
        assertEquals("--epochs must be a whole number, got 'ten'", assertThrows(UsageException.class,
                () -> TrainOption.parse(line(all, "--epochs", "ten"), TrainOptions.builder(DATA, OUT))).getMessage());
        assertEquals("--device: device must be auto, cpu, cuda or cuda:N, got 'gpu'", assertThrows(
                UsageException.class, () -> TrainOption.parse(line(all, "--device", "gpu"),
                        TrainOptions.builder(DATA, OUT))).getMessage());
        assertEquals("--bn-init: batch-norm initialisation must be uniform or ones, got 'zeros'", assertThrows(
                UsageException.class, () -> TrainOption.parse(line(all, "--bn-init", "zeros"),
                        TrainOptions.builder(DATA, OUT))).getMessage());
        // ranges are TrainOptions' own checks, reported the same way
        assertEquals("--batch must be at least 2 (batch normalisation), got 1", assertThrows(UsageException.class,
                () -> TrainOption.parse(line(all, "--batch", "1"), TrainOptions.builder(DATA, OUT))).getMessage());
    }
}

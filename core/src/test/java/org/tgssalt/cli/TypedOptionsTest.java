package org.tgssalt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.tgssalt.device.ExecutionDevice;

/** Commons CLI's typed values and the one message style for values of the wrong type or out of range. */
class TypedOptionsTest {
    private static final Options OPTIONS = new Options()
            .addOption(TypedOptions.of("count", "N", Integer.class, "a count"))
            .addOption(TypedOptions.of("seed", "S", Long.class, "a seed"))
            .addOption(TypedOptions.of("tolerance", "T", Double.class, "a tolerance"))
            .addOption(TypedOptions.listOf("sizes", "LIST", Integer.class, "sizes"))
            .addOption(TypedOptions.of("device", "D", String.class, "a device"));

    private static CommandLine line(String... args) throws ParseException {
        return new DefaultParser().parse(OPTIONS, args);
    }

    private static String message(Executable read) {
        return assertThrows(UsageException.class, read).getMessage();
    }

    @Test
    void valuesConvertToTheDeclaredTypeOrFallBack() throws ParseException {
        CommandLine line = line("--count", "12", "--seed", "-3", "--tolerance", "2.5e-4");
        assertEquals(12, TypedOptions.<Integer>value(line, "count", 1));
        assertEquals(-3L, TypedOptions.<Long>value(line, "seed", 1L));
        assertEquals(2.5e-4, TypedOptions.<Double>value(line, "tolerance", 1.0));
        assertEquals(7, TypedOptions.<Integer>value(line(), "count", 7));
    }

    @Test
    void wrongTypeSaysWhatWasExpected() throws ParseException {
        CommandLine line = line("--count", "many", "--seed", "1.5", "--tolerance", "small");
        assertEquals("--count must be a whole number, got 'many'", message(() -> TypedOptions.value(line, "count", 1)));
        assertEquals("--seed must be a whole number, got '1.5'", message(() -> TypedOptions.value(line, "seed", 1L)));
        assertEquals("--tolerance must be a number, got 'small'",
                message(() -> TypedOptions.value(line, "tolerance", 1.0)));
    }

    @Test
    void atLeastChecksTypeAndRangeWithOneMessage() throws ParseException {
        assertEquals(0, TypedOptions.atLeast(line("--count", "0"), "count", 0, 5));
        assertEquals(5, TypedOptions.atLeast(line(), "count", 0, 5));
        assertEquals("--count must be a whole number of 0 or more, got '-1'",
                message(() -> TypedOptions.atLeast(line("--count", "-1"), "count", 0, 5)));
        assertEquals("--count must be a whole number of 0 or more, got 'x'",
                message(() -> TypedOptions.atLeast(line("--count", "x"), "count", 0, 5)));
    }

    @Test
    void betweenExcludesBothEnds() throws ParseException {
        assertEquals(1e-4, TypedOptions.between(line(), "tolerance", 0, 1, 1e-4));
        assertEquals(0.5, TypedOptions.between(line("--tolerance", "0.5"), "tolerance", 0, 1, 1e-4));
        for (String bad : List.of("0", "1", "-0.1", "NaN", "tiny")) {
            assertEquals("--tolerance must be a number in (0, 1), got '" + bad + "'",
                    message(() -> TypedOptions.between(line("--tolerance", bad), "tolerance", 0, 1, 1e-4)));
        }
    }

    @Test
    void wholeNumbersSplitAtCommas() throws ParseException {
        assertEquals(List.of(1, 8, 32), TypedOptions.wholeNumbers(line("--sizes", "1,8,32"), "sizes", 1, List.of()));
        assertEquals(List.of(4), TypedOptions.wholeNumbers(line(), "sizes", 1, List.of(4)));
        assertEquals("--sizes must be whole numbers of 1 or more separated by commas, got '1,0'",
                message(() -> TypedOptions.wholeNumbers(line("--sizes", "1,0"), "sizes", 1, List.of())));
        assertEquals("--sizes must be whole numbers of 1 or more separated by commas, got '2,b'",
                message(() -> TypedOptions.wholeNumbers(line("--sizes", "2,b"), "sizes", 1, List.of())));
    }

    @Test
    void parsedPrefixesTheParsersMessageWithTheOption() throws ParseException {
        assertEquals(ExecutionDevice.cuda(1),
                TypedOptions.parsed(line("--device", "cuda:1"), "device", ExecutionDevice::parse, null));
        assertEquals(ExecutionDevice.AUTO, TypedOptions.parsed(line(), "device", ExecutionDevice::parse,
                ExecutionDevice.AUTO));
        assertEquals("--device: device must be auto, cpu, cuda or cuda:N, got 'tpu'",
                message(() -> TypedOptions.parsed(line("--device", "tpu"), "device", ExecutionDevice::parse, null)));
    }
}

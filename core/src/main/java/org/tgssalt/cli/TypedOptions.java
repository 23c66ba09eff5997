package org.tgssalt.cli;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.ParseException;

/**
 * Options whose value Commons CLI parses ({@link Option.Builder#type}, read back with
 * {@link CommandLine#getParsedOptionValue(String)} or {@link CommandLine#getParsedOptionValues(String)}),
 * with one message style for a bad value: {@code --NAME must be WHAT, got 'TEXT'}, e.g.
 * {@code --batch must be a whole number, got 'many'} or {@code --train must be a whole number of 0 or more,
 * got '-1'}. Range checks live here too, so that a value of the wrong type and a value out of range read
 * the same.
 *
 * <pre>{@code
 * options.addOption(TypedOptions.of("batch", "N", Integer.class, "images per graph call"));
 * int batch = TypedOptions.value(line, "batch", 1);
 * int images = TypedOptions.atLeast(line, "images", 1, 32);
 * }</pre>
 */
public final class TypedOptions {
    private TypedOptions() {}

    /** A long option {@code --name ARG} whose value Commons CLI converts to {@code type}. */
    public static Option of(String name, String argName, Class<?> type, String description) {
        return Option.builder().longOpt(name).hasArg().argName(argName).type(type).desc(description).get();
    }

    /**
     * A long option {@code --name A,B,C} whose comma-separated values Commons CLI converts to
     * {@code type} each (read them with {@link #wholeNumbers}).
     */
    public static Option listOf(String name, String argName, Class<?> type, String description) {
        return Option.builder().longOpt(name).hasArgs().valueSeparator(',').argName(argName).type(type)
                .desc(description).get();
    }

    /**
     * The value of {@code --name} converted to its declared type, or {@code fallback} when absent.
     *
     * @throws UsageException {@code --name must be <what>, got '<text>'} when the text does not convert
     */
    public static <T> T value(CommandLine line, String name, T fallback) {
        T value = convert(line, name, describe(declaredType(line, name)));
        return value != null ? value : fallback;
    }

    /**
     * The whole number given as {@code --name}, at least {@code minimum}, or {@code fallback} when absent.
     *
     * @throws UsageException {@code --name must be a whole number of MIN or more, got '<text>'}
     */
    public static int atLeast(CommandLine line, String name, int minimum, int fallback) {
        String what = "a whole number of " + minimum + " or more";
        Integer value = convert(line, name, what);
        if (value == null) {
            return fallback;
        }
        if (value < minimum) {
            throw bad(line, name, what);
        }
        return value;
    }

    /**
     * The number given as {@code --name}, strictly between {@code low} and {@code high}, or
     * {@code fallback} when absent.
     *
     * @throws UsageException {@code --name must be a number in (LOW, HIGH), got '<text>'}
     */
    public static double between(CommandLine line, String name, double low, double high, double fallback) {
        String what = "a number in (" + plain(low) + ", " + plain(high) + ")";
        Double value = convert(line, name, what);
        if (value == null) {
            return fallback;
        }
        if (!(value > low && value < high)) {
            throw bad(line, name, what);
        }
        return value;
    }

    /**
     * The comma-separated whole numbers of a {@link #listOf} option, each at least {@code minimum}, or
     * {@code fallback} when absent.
     *
     * @throws UsageException {@code --name must be whole numbers of MIN or more separated by commas, got '<text>'}
     */
    public static List<Integer> wholeNumbers(CommandLine line, String name, int minimum, List<Integer> fallback) {
        return wholeNumbers(line, name, minimum, Integer.MAX_VALUE, fallback);
    }

    /**
     * Like {@link #wholeNumbers(CommandLine, String, int, List)}, each value also at most {@code maximum}.
     *
     * @throws UsageException {@code --name must be whole numbers from MIN to MAX separated by commas, got 'TEXT'}
     */
    public static List<Integer> wholeNumbers(CommandLine line, String name, int minimum, int maximum,
            List<Integer> fallback) {
        String what = maximum == Integer.MAX_VALUE
                ? "whole numbers of " + minimum + " or more separated by commas"
                : "whole numbers from " + minimum + " to " + maximum + " separated by commas";
        Integer[] values;
        try {
            values = line.getParsedOptionValues(name);
        } catch (ParseException | RuntimeException e) {
            throw bad(line, name, what);
        }
        if (values == null) {
            return fallback;
        }
        List<Integer> list = new ArrayList<>(values.length);
        for (Integer v : values) {
            if (v == null || v < minimum || v > maximum) {
                throw bad(line, name, what);
            }
            list.add(v);
        }
        return List.copyOf(list);
    }

    /**
     * The value of {@code --name} turned into a {@code T} by {@code parser}, or {@code fallback} when absent;
     * for words such as {@code --device cuda:1} whose parser names the accepted forms.
     *
     * @throws UsageException {@code --name: <the parser's message>} when the parser throws
     *     {@link IllegalArgumentException}
     */
    public static <T> T parsed(CommandLine line, String name, Function<String, T> parser, T fallback) {
        if (!line.hasOption(name)) {
            return fallback;
        }
        try {
            return parser.apply(line.getOptionValue(name));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + name + ": " + e.getMessage());
        }
    }

    private static <T> T convert(CommandLine line, String name, String what) {
        try {
            return line.getParsedOptionValue(name);
        } catch (ParseException | RuntimeException e) {
            throw bad(line, name, what);
        }
    }

    private static UsageException bad(CommandLine line, String name, String what) {
        String[] given = line.getOptionValues(name);
        String text = given == null ? "" : String.join(",", given);
        return new UsageException("--" + name + " must be " + what + ", got '" + text + "'");
    }

    private static Object declaredType(CommandLine line, String name) {
        for (Option o : line.getOptions()) {
            if (name.equals(o.getLongOpt())) {
                return o.getType();
            }
        }
        return null;
    }

    private static String describe(Object type) {
        if (type == Integer.class || type == Long.class || type == Short.class || type == Byte.class) {
            return "a whole number";
        }
        if (type == Path.class) {
            return "a path";
        }
        return "a number";
    }

    /** {@code 0} and {@code 1} rather than {@code 0.0} and {@code 1.0}; {@code 1.0E-4} stays exact. */
    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}

package org.tgssalt.cli;

import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.ParseException;

/**
 * Options whose value Commons CLI parses ({@link Option.Builder#type}, read back with
 * {@link CommandLine#getParsedOptionValue(String)}), with one message style for a bad value:
 * {@code --batch must be a whole number, got 'many'}.
 *
 * <pre>{@code
 * options.addOption(TypedOptions.of("batch", "N", Integer.class, "images per graph call"));
 * int batch = TypedOptions.value(line, "batch", 1);
 * }</pre>
 */
public final class TypedOptions {
    private TypedOptions() {}

    /** A long option {@code --name ARG} whose value Commons CLI converts to {@code type}. */
    public static Option of(String name, String argName, Class<?> type, String description) {
        return Option.builder().longOpt(name).hasArg().argName(argName).type(type).desc(description).get();
    }

    /**
     * The value of {@code --name} converted to its declared type, or {@code fallback} when absent.
     *
     * @throws UsageException {@code --name must be <what>, got '<text>'} when the text does not convert
     */
    public static <T> T value(CommandLine line, String name, T fallback) {
        try {
            T value = line.getParsedOptionValue(name);
            return value != null ? value : fallback;
        } catch (ParseException | RuntimeException e) {
            Option option = line.hasOption(name) ? find(line, name) : null;
            throw new UsageException("--" + name + " must be " + describe(option == null ? null : option.getType())
                    + ", got '" + line.getOptionValue(name) + "'");
        }
    }

    private static Option find(CommandLine line, String name) {
        for (Option o : line.getOptions()) {
            if (name.equals(o.getLongOpt())) {
                return o;
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
}

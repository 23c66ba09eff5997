package org.tgssalt.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;
import org.tgssalt.cli.Command;
import org.tgssalt.cli.Launcher;

/**
 * One command line run in-process through the {@link Launcher}, with what it printed.
 *
 * @param code the exit code
 * @param out standard output
 * @param err standard error
 */
public record LauncherRun(int code, String out, String err) {
    /** Runs {@code args} with a launcher over exactly {@code commands}. */
    public static LauncherRun of(List<Command> commands, String... args) {
        return run((o, e) -> new Launcher(commands, o, e), args);
    }

    /** Runs {@code args} with every command on the class path, as {@code ./tgs} does. */
    public static LauncherRun discovered(String... args) {
        return run(Launcher::discover, args);
    }

    private static LauncherRun run(BiFunction<PrintStream, PrintStream, Launcher> launcher, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = launcher.apply(o, e).run(args);
        }
        return new LauncherRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

package org.tgssalt.cli;

import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * One {@code ./tgs} command. Implementations are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.tgssalt.cli.Command}), so every module on the class path adds its own.
 *
 * <p>The command is thin: it turns the parsed {@link CommandLine} into an immutable options record,
 * calls the module's API and returns an exit code. {@code --help} and {@code --verbose} are added by
 * the {@link Launcher}.
 */
public interface Command {
    /** The word after {@code ./tgs}, e.g. {@code score}. */
    String name();

    /** One line for the command list. */
    String summary();

    /** The command's options (a new instance each call). */
    Options options();

    /**
     * Runs the command.
     *
     * @param line the parsed arguments
     * @param out where results for a person go (progress and logs go to stderr)
     * @return the exit code: {@link ExitCode#OK} or {@link ExitCode#FAILURE}
     * @throws UsageException for bad option values (exit 2, usage printed)
     * @throws Exception anything else: exit 1, one line on stderr
     */
    int run(CommandLine line, PrintStream out) throws Exception;
}

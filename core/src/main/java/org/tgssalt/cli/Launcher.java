package org.tgssalt.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.tgssalt.io.TemporaryFiles;

/**
 * The {@code ./tgs COMMAND [options]} entry point: finds the commands on the class path, parses the
 * arguments with Commons CLI and maps outcomes to exit codes (0 ok, 1 failure, 2 bad usage).
 */
public final class Launcher {
    private final List<Command> commands;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param commands the available commands
     * @param out standard output
     * @param err standard error
     */
    public Launcher(List<Command> commands, PrintStream out, PrintStream err) {
        this.commands = commands.stream().sorted(Comparator.comparing(Command::name)).toList();
        this.out = out;
        this.err = err;
    }

    /** A launcher over every {@link Command} that {@link ServiceLoader} finds. */
    public static Launcher discover(PrintStream out, PrintStream err) {
        List<Command> found = new ArrayList<>();
        ServiceLoader.load(Command.class).forEach(found::add);
        return new Launcher(found, out, err);
    }

    /** Process entry point. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(discover(System.out, System.err).run(args));
    }

    /** Runs one command line and returns its exit code. Never calls {@code System.exit}. */
    public int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printCommands(args.length == 0 ? err : out);
            return args.length == 0 ? ExitCode.USAGE : ExitCode.OK;
        }
        Optional<Command> command = find(args[0]);
        if (command.isEmpty()) {
            err.println("tgs: unknown command '" + args[0] + "'");
            printCommands(err);
            return ExitCode.USAGE;
        }
        return run(command.get(), Arrays.copyOfRange(args, 1, args.length));
    }

    private int run(Command command, String[] args) {
        Options options = command.options();
        options.addOption(Option.builder().longOpt("help").desc("show this help and exit").get());
        options.addOption(Option.builder().longOpt("verbose").desc("show stack traces on failure").get());
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine line;
        try {
            if (Arrays.asList(args).contains("--help")) {
                printUsage(command, options, out);
                return ExitCode.OK;
            }
            line = new DefaultParser().parse(options, args);
            if (!line.getArgList().isEmpty()) {
                throw new UsageException("unexpected argument '" + line.getArgList().get(0) + "'");
            }
        } catch (ParseException | UsageException e) {
            return usageError(command, options, e.getMessage());
        }
        StopNotice stop = StopNotice.install(command.name(), err);
        try {
            return command.run(line, out);
        } catch (UsageException e) {
            return usageError(command, options, e.getMessage());
        } catch (Exception | OutOfMemoryError e) {
            if (TemporaryFiles.process().stopping()) {
                return ExitCode.FAILURE; // stopped by a signal: the shutdown hook says so in one line
            }
            err.println("tgs " + command.name() + ": " + describe(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            return ExitCode.FAILURE;
        } finally {
            stop.remove();
        }
    }

    private int usageError(Command command, Options options, String message) {
        err.println("tgs " + command.name() + ": " + message);
        printUsage(command, options, err);
        return ExitCode.USAGE;
    }

    /** One line for a failure: the message, or the exception type when there is none. */
    private static String describe(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return outOfMemory(e.getMessage(), Runtime.getRuntime().maxMemory());
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /**
     * The line for an {@link OutOfMemoryError}: that memory ran out, the JVM's limit and how to raise
     * it (the {@code ./tgs} launcher passes {@code TGS_JAVA_OPTS} to Java).
     */
    static String outOfMemory(String detail, long maxHeapBytes) {
        return "out of memory" + (detail == null || detail.isBlank() ? "" : " (" + detail + ")")
                + String.format(Locale.ROOT, "; Java may use at most %.1f GB here: give it more with "
                        + "TGS_JAVA_OPTS=-Xmx<size> (e.g. TGS_JAVA_OPTS=-Xmx8g ./tgs ...), or ask for less at once "
                        + "(a smaller --batch)", maxHeapBytes / (double) (1L << 30));
    }

    private Optional<Command> find(String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    private void printCommands(PrintStream stream) {
        stream.println("usage: ./tgs COMMAND [options]   (./tgs COMMAND --help for a command's options)");
        stream.println();
        stream.println("commands:");
        for (Command c : commands) {
            stream.printf("  %-16s %s%n", c.name(), c.summary());
        }
    }

    private static void printUsage(Command command, Options options, PrintStream stream) {
        PrintWriter writer = new PrintWriter(stream, true);
        HelpFormatter formatter = HelpFormatter.builder().setShowSince(false).get();
        formatter.printHelp(writer, 100, "./tgs " + command.name() + " [options]",
                command.summary(), options, 2, 2, null, true);
        writer.flush();
    }
}

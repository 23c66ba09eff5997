package org.tgssalt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.junit.jupiter.api.Test;
import org.tgssalt.testing.LauncherRun;

/** Running out of memory is reported as that, with the way to give Java more; never as a bad input. */
class LauncherOutOfMemoryTest {
    /** A command that runs out of memory the way the PNG reader reports it. */
    private static final class Exhausting implements Command {
        @Override
        public String name() {
            return "exhaust";
        }

        @Override
        public String summary() {
            return "runs out of memory";
        }

        @Override
        public Options options() {
            return new Options();
        }

        @Override
        public int run(CommandLine line, PrintStream out) {
            throw new OutOfMemoryError("Java heap space while decoding /data/x.png");
        }
    }

    @Test
    void theLineSaysOutOfMemoryAndHowToRaiseTheLimit() {
        LauncherRun run = LauncherRun.of(List.of(new Exhausting()), "exhaust");
        assertEquals(ExitCode.FAILURE, run.code());
        String limit = String.format(Locale.ROOT, "%.1f", Runtime.getRuntime().maxMemory() / (double) (1L << 30));
        assertEquals("tgs exhaust: out of memory (Java heap space while decoding /data/x.png); Java may use at most "
                + limit + " GB here: give it more with TGS_JAVA_OPTS=-Xmx<size> (e.g. TGS_JAVA_OPTS=-Xmx8g ./tgs ...), "
                + "or ask for less at once (a smaller --batch)\n", run.err());
    }

    @Test
    void withoutADetailTheLineStillSaysOutOfMemory() {
        assertEquals("out of memory; Java may use at most 1.5 GB here: give it more with TGS_JAVA_OPTS=-Xmx<size> "
                + "(e.g. TGS_JAVA_OPTS=-Xmx8g ./tgs ...), or ask for less at once (a smaller --batch)",
                Launcher.outOfMemory(null, 3L << 29));
    }
}

package org.tgssalt.cli;

/** Exit codes shared by every command. */
public final class ExitCode {
    /** Success. */
    public static final int OK = 0;
    /** The work failed: one line on stderr names the file or setting at fault. */
    public static final int FAILURE = 1;
    /** Bad usage: message and usage on stderr. */
    public static final int USAGE = 2;

    private ExitCode() {}
}

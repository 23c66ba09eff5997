package org.tgssalt.cli;

/** A command line that cannot be run as given: the launcher prints the message and the usage, exit 2. */
public class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the option */
    public UsageException(String message) {
        super(message);
    }
}

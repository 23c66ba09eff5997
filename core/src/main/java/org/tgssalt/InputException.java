package org.tgssalt;

/**
 * Bad input supplied by a user: a file that is not what it should be, a malformed CSV row, an
 * invalid setting. The message always names the source (a file, a row, an option) and the problem,
 * so the command line can print it as one line without a stack trace.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;

    /**
     * @param source what was being read: a path, "train.csv row 17", "--batch"
     * @param problem what is wrong with it
     */
    public InputException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
    }

    /** Same, keeping the underlying cause. */
    public InputException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
    }

    /** What was being read when the problem was found. */
    public String source() {
        return source;
    }
}

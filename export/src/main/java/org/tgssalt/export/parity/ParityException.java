package org.tgssalt.export.parity;

/** An exported graph disagrees with the DJL model it came from; the message names the graph and the difference. */
public class ParityException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final double maxAbsDifference;

    /**
     * @param message what disagreed and by how much
     * @param maxAbsDifference the largest absolute difference found
     */
    public ParityException(String message, double maxAbsDifference) {
        super(message);
        this.maxAbsDifference = maxAbsDifference;
    }

    /** The largest absolute difference found. */
    public double maxAbsDifference() {
        return maxAbsDifference;
    }
}

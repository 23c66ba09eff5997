package org.tgssalt.train.checkpoint;

/**
 * Whether the topology-aware loss term was part of training, and why.
 *
 * @param enabled whether the term was used
 * @param reason e.g. {@code "VGG19 weights from /data/vgg19.params"} or {@code "no --vgg19 weights given"}
 */
public record TopologyState(boolean enabled, String reason) {
    /** The term on, with weights from {@code source}. */
    public static TopologyState on(String source) {
        return new TopologyState(true, "VGG19 weights from " + source);
    }

    /** The term off, for the given reason. */
    public static TopologyState off(String reason) {
        return new TopologyState(false, reason);
    }
}

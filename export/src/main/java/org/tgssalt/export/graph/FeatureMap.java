package org.tgssalt.export.graph;

/**
 * A tensor {@code [N, channels, height, width]} in the graph being built: its name and its static
 * sizes (the batch N stays dynamic). Emitters pass these along so that resizes and grids know their
 * sizes without shape inference.
 *
 * @param name the ONNX tensor name
 * @param channels C
 * @param height H
 * @param width W
 */
public record FeatureMap(String name, int channels, int height, int width) {
    public FeatureMap {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("feature map " + name + ": bad size " + channels + "x" + height + "x"
                    + width);
        }
    }

    /** The same sizes under another tensor name. */
    public FeatureMap renamed(String newName) {
        return new FeatureMap(newName, channels, height, width);
    }

    /** Another tensor with other channels and the same spatial size. */
    public FeatureMap withChannels(String newName, int newChannels) {
        return new FeatureMap(newName, newChannels, height, width);
    }

    /** {@code [C,H,W]}, for messages. */
    public String sizeText() {
        return "[" + channels + "," + height + "," + width + "]";
    }
}

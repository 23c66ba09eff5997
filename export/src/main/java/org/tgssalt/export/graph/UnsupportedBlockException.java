package org.tgssalt.export.graph;

/** The exporter met a block type it has no emitter for; the message names the type and where it was met. */
public class UnsupportedBlockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param blockType the unknown block's class name
     * @param scope where in the model it sits
     */
    public UnsupportedBlockException(String blockType, String scope) {
        super("no ONNX emitter for block type " + blockType + " (at " + scope
                + "); add a BlockEmitter for it to EmitterRegistry");
    }
}

package org.tgssalt.export.parity;

import org.tgssalt.ensemble.FoldEnsemble;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * One ONNX graph in an ONNX Runtime CPU session with a single float input and output, for checks.
 * Owns its session: close it. {@link #run} is thread-safe (ORT sessions are stateless).
 */
public final class OrtGraph implements AutoCloseable {
    private final OrtSession session;
    private final java.util.List<String> inputNames;

    /**
     * @param model the serialised ONNX model
     * @param optimization the ORT graph optimisation level
     */
    public OrtGraph(byte[] model, OrtSession.SessionOptions.OptLevel optimization) throws OrtException {
        OrtEnvironment env = FoldEnsemble.ortEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(optimization);
            options.setIntraOpNumThreads(Math.min(4, Runtime.getRuntime().availableProcessors()));
            this.session = env.createSession(model, options);
        }
        this.inputNames = java.util.List.copyOf(session.getInputNames());
    }

    /** Runs the graph on one input; returns its first output. */
    public FloatTensor run(FloatTensor input) throws OrtException {
        return run(java.util.List.of(input));
    }

    /** Runs the graph on its inputs in declaration order; returns its first output. */
    public FloatTensor run(java.util.List<FloatTensor> inputs) throws OrtException {
        return run(inputs, null);
    }

    /**
     * Runs the graph on its inputs in declaration order; returns the output named {@code outputName}
     * (null: the first), computing only what that output needs.
     */
    public FloatTensor run(java.util.List<FloatTensor> inputs, String outputName) throws OrtException {
        if (inputs.size() != inputNames.size()) {
            throw new IllegalArgumentException("graph has inputs " + inputNames + ", got " + inputs.size() + " tensors");
        }
        OrtEnvironment env = FoldEnsemble.ortEnvironment();
        Map<String, OnnxTensor> feed = new java.util.LinkedHashMap<>();
        try {
            for (int i = 0; i < inputs.size(); i++) {
                FloatTensor input = inputs.get(i);
                FloatBuffer buffer = ByteBuffer.allocateDirect(input.values().length * Float.BYTES)
                        .order(ByteOrder.nativeOrder()).asFloatBuffer();
                buffer.put(input.values()).rewind();
                feed.put(inputNames.get(i), OnnxTensor.createTensor(env, buffer, input.shape()));
            }
            try (OrtSession.Result result = outputName == null ? session.run(feed)
                    : session.run(feed, java.util.Set.of(outputName))) {
                OnnxTensor out = (OnnxTensor) result.get(0);
                long[] shape = out.getInfo().getShape();
                FloatBuffer values = out.getFloatBuffer();
                float[] copy = new float[values.remaining()];
                values.get(copy);
                return new FloatTensor(shape, copy);
            }
        } finally {
            for (OnnxTensor t : feed.values()) {
                t.close();
            }
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}

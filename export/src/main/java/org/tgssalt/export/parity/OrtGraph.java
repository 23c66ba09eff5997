package org.tgssalt.export.parity;

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
    private final String inputName;

    /**
     * @param model the serialised ONNX model
     * @param optimization the ORT graph optimisation level
     */
    public OrtGraph(byte[] model, OrtSession.SessionOptions.OptLevel optimization) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(optimization);
            options.setIntraOpNumThreads(1);
            this.session = env.createSession(model, options);
        }
        this.inputName = session.getInputNames().iterator().next();
    }

    /** Runs the graph on one input; returns its first output. */
    public FloatTensor run(FloatTensor input) throws OrtException {
        FloatBuffer buffer = ByteBuffer.allocateDirect(input.values().length * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        buffer.put(input.values()).rewind();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, buffer, input.shape());
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            long[] shape = out.getInfo().getShape();
            FloatBuffer values = out.getFloatBuffer();
            float[] copy = new float[values.remaining()];
            values.get(copy);
            return new FloatTensor(shape, copy);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}

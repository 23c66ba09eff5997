package org.tgssalt.ensemble;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tgssalt.geometry.FlipTta;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.manifest.TensorSpec;

/**
 * One batch through every session: the images (and, with flip TTA, their mirror images) go in as one
 * tensor and {@link FlipTta} averages every session's maps (mirrored views mirrored back) in a fixed
 * order, so the result for an image does not depend on the batch it came in.
 *
 * <p>Stateless apart from its final configuration: thread-safe. Tensors live inside {@link #score}.
 */
final class ViewAveraging {
    private static final int PIXELS = KaggleImage.PIXELS;

    private final OrtEnvironment environment;
    private final String inputName;
    private final String outputName;
    private final boolean mirrorHere;
    private final boolean oneAtATime;

    /**
     * @param mirrorHere feed mirror images and mirror their outputs back (false for no TTA, and for
     *     the fused graph, which does the flip inside)
     * @param oneAtATime the graphs take a fixed batch of 1: each image (and each mirror) is its own call
     */
    ViewAveraging(OrtEnvironment environment, String inputName, String outputName, boolean mirrorHere,
            boolean oneAtATime) {
        this.environment = environment;
        this.inputName = inputName;
        this.outputName = outputName;
        this.mirrorHere = mirrorHere;
        this.oneAtATime = oneAtATime;
    }

    /** The mean over sessions and views of images[from, from + count), one map per image. */
    float[][] score(List<OrtSession> sessions, float[][] images, int from, int count) {
        int views = mirrorHere ? 2 : 1;
        int rows = views * count;
        // Direct, native-order: ONNX Runtime reads it without a copy.
        FloatBuffer input = ByteBuffer.allocateDirect(rows * PIXELS * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        for (int i = 0; i < count; i++) {
            input.put(images[from + i]);
        }
        if (mirrorHere) {
            for (int i = 0; i < count; i++) {
                FlipTta.putMirrored(images[from + i], input);
            }
        }
        input.rewind();
        FlipTta mean = new FlipTta(count, mirrorHere);
        if (oneAtATime) {
            for (OrtSession session : sessions) {
                mean.add(rowByRow(session, input, rows));
            }
            return mean.mean();
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input,
                new long[] {rows, 1, KaggleImage.SIDE, KaggleImage.SIDE})) {
            Map<String, OnnxTensor> feed = Map.of(inputName, tensor);
            Set<String> wanted = Set.of(outputName);
            for (OrtSession session : sessions) {
                try (OrtSession.Result out = session.run(feed, wanted)) {
                    mean.add(output(out, rows));
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the ensemble: " + e.getMessage(), e);
        }
        return mean.mean();
    }

    /** One session's maps for all {@code rows} rows of {@code input}, one {@code [1,1,101,101]} call per row. */
    private FloatBuffer rowByRow(OrtSession session, FloatBuffer input, int rows) {
        FloatBuffer maps = FloatBuffer.allocate(rows * PIXELS);
        Set<String> wanted = Set.of(outputName);
        for (int r = 0; r < rows; r++) {
            FloatBuffer row = input.duplicate().position(r * PIXELS).limit((r + 1) * PIXELS).slice();
            try (OnnxTensor tensor = OnnxTensor.createTensor(environment, row,
                    new long[] {1, 1, KaggleImage.SIDE, KaggleImage.SIDE});
                    OrtSession.Result out = session.run(Map.of(inputName, tensor), wanted)) {
                maps.put(output(out, 1));
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed to run the ensemble: " + e.getMessage(), e);
            }
        }
        return maps.flip();
    }

    private FloatBuffer output(OrtSession.Result out, int rows) {
        OnnxValue value = out.get(outputName).orElseThrow(() -> new IllegalStateException(
                "graph returned no " + outputName));
        if (!(value instanceof OnnxTensor tensor)) {
            throw new IllegalStateException("graph output " + outputName + " is not a tensor");
        }
        long[] got = tensor.getInfo().getShape();
        long[] expected = {rows, 1, KaggleImage.SIDE, KaggleImage.SIDE};
        if (!Arrays.equals(got, expected)) {
            throw new IllegalStateException("graph output " + outputName + " has shape " + TensorSpec.format(got)
                    + ", expected " + TensorSpec.format(expected));
        }
        return tensor.getFloatBuffer();
    }
}

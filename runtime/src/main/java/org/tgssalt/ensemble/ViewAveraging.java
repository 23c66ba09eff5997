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

    /**
     * @param mirrorHere feed mirror images and mirror their outputs back (false for no TTA, and for
     *     the fused graph, which does the flip inside)
     */
    ViewAveraging(OrtEnvironment environment, String inputName, String outputName, boolean mirrorHere) {
        this.environment = environment;
        this.inputName = inputName;
        this.outputName = outputName;
        this.mirrorHere = mirrorHere;
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

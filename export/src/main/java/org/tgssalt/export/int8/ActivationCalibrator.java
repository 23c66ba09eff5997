package org.tgssalt.export.int8;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.tgssalt.ensemble.FoldEnsemble;
import org.tgssalt.export.parity.FloatTensor;
import org.tgssalt.export.parity.ParityCheck;
import org.tgssalt.image.GrayImage;
import org.tgssalt.manifest.EnsembleManifest;

/**
 * Measures the range of every activation a {@link QuantizationPlan} quantises by running the float32
 * graph in ONNX Runtime (CPU) on calibration images, with those activations exposed as extra graph outputs
 * ({@link QuantizationPlan#calibrationModel}). Min-max takes one pass over the images; the percentile
 * method a second pass that counts the values into histograms over the first pass's ranges.
 */
public final class ActivationCalibrator {
    /** Images per calibration run: the exposed activations of a batch are in memory at once. */
    static final int BATCH = 4;

    private ActivationCalibrator() {}

    /**
     * The range of every activation of {@code plan}.
     *
     * @param model the float32 graph the plan was made from
     * @param images the calibration images (101x101)
     * @param method how a range is chosen from the values seen
     * @param log receives one line per pass
     */
    public static Map<String, ActivationRange> calibrate(ModelProto model, QuantizationPlan plan,
            List<GrayImage> images, CalibrationMethod method, Consumer<String> log) throws OrtException {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("calibration needs at least one image");
        }
        Map<String, ValueHistogram> values = new LinkedHashMap<>();
        plan.activations().forEach(a -> values.put(a, new ValueHistogram()));
        OrtEnvironment env = FoldEnsemble.ortEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // Basic optimisations only: every exposed activation must be computed as the float graph defines it.
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
            options.setIntraOpNumThreads(Math.min(4, Runtime.getRuntime().availableProcessors()));
            try (OrtSession session = env.createSession(plan.calibrationModel(model).toByteArray(), options)) {
                run(session, images, values, ValueHistogram::observeRange);
                log.accept("calibration: " + values.size() + " activations, range pass over " + images.size()
                        + " images");
                if (method == CalibrationMethod.PERCENTILE) {
                    run(session, images, values, ValueHistogram::count);
                    log.accept("calibration: histogram pass for the " + CalibrationMethod.PERCENTILE_KEPT
                            + " percentile");
                }
            }
        }
        Map<String, ActivationRange> ranges = new LinkedHashMap<>();
        values.forEach((name, h) -> ranges.put(name, method == CalibrationMethod.MINMAX ? h.minMax()
                : h.percentile(CalibrationMethod.PERCENTILE_KEPT)));
        return ranges;
    }

    /** What a pass does with one batch's values of one activation. */
    @FunctionalInterface
    private interface Pass {
        void accept(ValueHistogram histogram, float[] values);
    }

    private static void run(OrtSession session, List<GrayImage> images, Map<String, ValueHistogram> values,
            Pass pass) throws OrtException {
        OrtEnvironment env = FoldEnsemble.ortEnvironment();
        for (int start = 0; start < images.size(); start += BATCH) {
            FloatTensor batch = ParityCheck.batch(images.subList(start, Math.min(images.size(), start + BATCH)));
            FloatBuffer input = FloatBuffer.wrap(batch.values());
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, batch.shape());
                    OrtSession.Result result = session.run(Map.of(EnsembleManifest.INPUT_NAME, tensor),
                            values.keySet())) {
                for (Map.Entry<String, ValueHistogram> e : values.entrySet()) {
                    Optional<OnnxValue> out = result.get(e.getKey());
                    if (out.isEmpty()) {
                        throw new IllegalStateException("calibration graph did not return activation " + e.getKey());
                    }
                    FloatBuffer buffer = ((OnnxTensor) out.get()).getFloatBuffer();
                    float[] copy = new float[buffer.remaining()];
                    buffer.get(copy);
                    pass.accept(e.getValue(), copy);
                }
            }
        }
    }
}

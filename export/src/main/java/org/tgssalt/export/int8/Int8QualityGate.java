package org.tgssalt.export.int8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.ensemble.EnsembleOptions;
import org.tgssalt.ensemble.FoldEnsemble;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.GrayImage;
import org.tgssalt.metric.KaggleMetric;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.FoldGraph;
import org.tgssalt.manifest.Int8Graphs;
import org.tgssalt.manifest.Int8Quality;
import org.tgssalt.manifest.Precision;
import org.tgssalt.oof.OutOfFoldProbabilities;

/**
 * The int8 graphs against the float32 graphs, both run by the scorer users run ({@link FoldEnsemble}, CPU,
 * separate fold graphs with flip TTA) from a manifest written beside the graphs for the check: on held-out
 * images (max and mean |p_int8 - p_fp32|, share of pixels whose mask flips at the manifest's threshold) and,
 * for folds whose checkpoints carry out-of-fold probabilities, each fold's graphs on its own out-of-fold
 * images, scored with the Kaggle mAP.
 */
final class Int8QualityGate {
    /** A stand-in for the section's quality while the gate has not measured it yet (check manifests only). */
    static final Int8Quality PROVISIONAL = new Int8Quality(1, Double.NaN, Double.NaN, Double.NaN, 0.5, null, null,
            null, 0);

    private final EnsembleManifest manifest;
    private final Path out;
    private final Consumer<String> log;

    /**
     * @param manifest the float32 manifest with the (provisional) int8 section, graphs in {@code out}
     * @param out the export folder
     */
    Int8QualityGate(EnsembleManifest manifest, Path out, Consumer<String> log) {
        this.manifest = manifest;
        this.out = out;
        this.log = log;
    }

    /** Max |int8 fused - int8 separate with flip TTA| over {@code images}. */
    double fusedDifference(List<GrayImage> images) throws IOException {
        EnsembleOptions separate = options(Precision.INT8);
        return withCheckManifest(manifest, json -> {
            try (FoldEnsemble folds = FoldEnsemble.open(json, separate);
                    FoldEnsemble fused = FoldEnsemble.open(json, separate.toBuilder().fused(true).build())) {
                return maxAbs(fused.probabilities(images), folds.probabilities(images));
            }
        });
    }

    /** Measures the gate's numbers. */
    Int8Quality measure(CalibrationSet set, Int8Settings settings, Map<Integer, OutOfFoldProbabilities> oof)
            throws IOException {
        double threshold = manifest.threshold().value();
        List<GrayImage> heldOut = set.heldOut(settings.heldOutImages());
        double[] stats = withCheckManifest(manifest, json -> compare(json, heldOut, threshold));
        Integer oofImages = null;
        Double mapFp32 = null;
        Double mapInt8 = null;
        TgsDataset data = set.data();
        if (oof.isEmpty()) {
            log.accept("int8: no out-of-fold probabilities in the checkpoints; out-of-fold mAP not compared");
        } else if (data == null) {
            log.accept("int8: out-of-fold mAP not compared: no TGS data folder (--data) holds the images");
        } else {
            Map<String, BinaryMask> truth = new TreeMap<>();
            Map<String, BinaryMask> fp32 = new TreeMap<>();
            Map<String, BinaryMask> int8 = new TreeMap<>();
            for (Map.Entry<Integer, OutOfFoldProbabilities> e : oof.entrySet()) {
                List<String> ids = e.getValue().ids();
                List<GrayImage> images = new ArrayList<>();
                for (String id : ids) {
                    images.add(data.trainImage(id));
                    truth.put(id, data.trainMask(id));
                }
                EnsembleManifest one = oneFold(e.getKey());
                withCheckManifest(one, json -> {
                    masks(json, Precision.FP32, ids, images, threshold, fp32);
                    masks(json, Precision.INT8, ids, images, threshold, int8);
                    return null;
                });
            }
            oofImages = truth.size();
            mapFp32 = KaggleMetric.evaluate(truth, fp32).score();
            mapInt8 = KaggleMetric.evaluate(truth, int8).score();
        }
        return new Int8Quality(heldOut.size(), stats[0], stats[1], stats[2], threshold, oofImages, mapFp32, mapInt8,
                settings.tolerance());
    }

    /** One line for the export's log. */
    static String summary(Int8Quality q) {
        String oof = q.oofImages() == null ? "out-of-fold mAP not measured"
                : String.format(Locale.ROOT, "out-of-fold mAP fp32 %.4f, int8 %.4f (loss %.4f, limit %.4f) on %d "
                        + "images", q.oofMapFp32(), q.oofMapInt8(), q.oofMapLoss(), q.tolerance(), q.oofImages());
        return String.format(Locale.ROOT, "int8 vs fp32 on %d held-out images: max |diff| %.4f, mean |diff| %.5f, "
                + "mask flips %.4f%% of pixels (threshold %.2f); %s", q.heldOutImages(), q.maxAbsDifference(),
                q.meanAbsDifference(), 100 * q.maskFlipShare(), q.threshold(), oof);
    }

    /** The manifest of fold {@code k} alone, in both precisions. */
    private EnsembleManifest oneFold(int k) {
        Int8Graphs int8 = manifest.int8();
        FoldGraph fp32 = manifest.folds().stream().filter(f -> f.fold() == k).findFirst().orElseThrow();
        FoldGraph q = int8.folds().stream().filter(f -> f.fold() == k).findFirst().orElseThrow();
        return EnsembleManifest.of(List.of(fp32), Map.of()).withThreshold(manifest.threshold())
                .withInt8(new Int8Graphs(List.of(q), null, int8.calibration(), int8.quality()));
    }

    private static double[] compare(Path json, List<GrayImage> images, double threshold) {
        List<float[]> fp32;
        List<float[]> int8;
        try (FoldEnsemble a = FoldEnsemble.open(json, options(Precision.FP32))) {
            fp32 = a.probabilities(images);
        }
        try (FoldEnsemble b = FoldEnsemble.open(json, options(Precision.INT8))) {
            int8 = b.probabilities(images);
        }
        double max = 0;
        double sum = 0;
        long flips = 0;
        long pixels = 0;
        for (int i = 0; i < fp32.size(); i++) {
            float[] p = fp32.get(i);
            float[] q = int8.get(i);
            for (int j = 0; j < p.length; j++) {
                double d = Math.abs(p[j] - q[j]);
                max = Math.max(max, d);
                sum += d;
                if ((p[j] >= threshold) != (q[j] >= threshold)) {
                    flips++;
                }
            }
            pixels += p.length;
        }
        return new double[] {max, sum / pixels, flips / (double) pixels};
    }

    private static void masks(Path json, Precision precision, List<String> ids, List<GrayImage> images,
            double threshold, Map<String, BinaryMask> into) {
        try (FoldEnsemble ensemble = FoldEnsemble.open(json, options(precision))) {
            List<float[]> p = ensemble.probabilities(images);
            for (int i = 0; i < ids.size(); i++) {
                into.put(ids.get(i), BinaryMask.threshold(p.get(i), threshold));
            }
        }
    }

    private static EnsembleOptions options(Precision precision) {
        return EnsembleOptions.builder().device(ExecutionDevice.CPU).tta(true).fused(false).precision(precision)
                .batchSize(4).build();
    }

    private static double maxAbs(List<float[]> a, List<float[]> b) {
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < a.get(i).length; j++) {
                max = Math.max(max, Math.abs(a.get(i)[j] - b.get(i)[j]));
            }
        }
        return max;
    }

    /** Work done with a check manifest written beside the graphs. */
    @FunctionalInterface
    private interface CheckRun<T> {
        T run(Path json);
    }

    private <T> T withCheckManifest(EnsembleManifest m, CheckRun<T> run) throws IOException {
        Path json = out.resolve(".int8-check." + EnsembleManifest.FILE_NAME);
        m.write(json);
        try {
            return run.run(json);
        } finally {
            Files.deleteIfExists(json);
        }
    }
}

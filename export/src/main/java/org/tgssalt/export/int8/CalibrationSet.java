package org.tgssalt.export.int8;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.export.parity.ParityImages;
import org.tgssalt.image.GrayImage;
import org.tgssalt.io.Sha256;
import org.tgssalt.manifest.Calibration;

/**
 * The images of an int8 export. With a TGS data folder: its training ids shuffled from a fixed seed; the
 * first {@code heldOut} are kept out of every calibration (the quality gate compares int8 and float32 on
 * them), and each fold calibrates on the next {@code count} ids that are not among its own out-of-fold
 * (validation) images, so the out-of-fold comparison is not scored on images the ranges were fitted to.
 * Without data: synthetic images ({@link ParityImages}) from two seeds, and the manifest says so.
 * Not thread-safe.
 */
public final class CalibrationSet {
    private static final long SEED = 20181019L;

    private final TgsDataset data;
    private final List<String> pool;
    private final List<String> heldOutIds;
    private final int count;
    private final Set<String> used = new TreeSet<>();

    private CalibrationSet(TgsDataset data, List<String> pool, List<String> heldOutIds, int count) {
        this.data = data;
        this.pool = pool;
        this.heldOutIds = heldOutIds;
        this.count = count;
    }

    /**
     * @param dataDir a TGS data folder, or null / a folder without training images for generated images
     * @param count calibration images per fold
     * @param heldOut images kept out of calibration for the quality gate
     */
    public static CalibrationSet of(Path dataDir, int count, int heldOut) {
        if (count < 1 || heldOut < 1) {
            throw new IllegalArgumentException("calibration needs at least one image and one held-out image");
        }
        if (dataDir != null && Files.isDirectory(TgsDataset.at(dataDir).trainImagesDir())) {
            TgsDataset data = TgsDataset.at(dataDir);
            List<String> ids = new ArrayList<>(data.trainIds());
            if (ids.size() > heldOut) {
                Collections.shuffle(ids, new Random(SEED));
                return new CalibrationSet(data, ids.subList(heldOut, ids.size()), ids.subList(0, heldOut), count);
            }
        }
        return new CalibrationSet(null, List.of(), List.of(), count);
    }

    /** {@link Calibration#REAL} or {@link Calibration#GENERATED}. */
    public String source() {
        return data != null ? Calibration.REAL : Calibration.GENERATED;
    }

    /** The calibration images of a fold whose out-of-fold images are {@code excluded}. */
    public List<GrayImage> forFold(Set<String> excluded) {
        if (data == null) {
            return ParityImages.collect(null, count, SEED);
        }
        List<GrayImage> images = new ArrayList<>();
        for (String id : pool) {
            if (images.size() == count) {
                break;
            }
            if (!excluded.contains(id)) {
                images.add(data.trainImage(id));
                used.add(id);
            }
        }
        return images;
    }

    /** The images no fold calibrated on. */
    public List<GrayImage> heldOut(int generatedCount) {
        if (data == null) {
            return ParityImages.collect(null, generatedCount, SEED + 1);
        }
        return heldOutIds.stream().map(data::trainImage).toList();
    }

    /**
     * SHA-256 of the calibration ids used so far (sorted, one per line, each ending in a newline), or of
     * {@code generated:SEED} for generated images.
     */
    public String dataHash() {
        String text = data == null ? "generated:" + SEED + "\n"
                : String.join("", used.stream().map(id -> id + "\n").toList());
        return Sha256.of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The data folder, or null when the images are generated. */
    public TgsDataset data() {
        return data;
    }
}

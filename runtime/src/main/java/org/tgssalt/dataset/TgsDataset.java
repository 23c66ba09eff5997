package org.tgssalt.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.tgssalt.InputException;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.GrayImage;
import org.tgssalt.image.PngImageReader;
import org.tgssalt.progress.Progress;
import org.tgssalt.progress.ProgressFactory;
import org.tgssalt.rle.RunLengthEncoder;

/**
 * A TGS dataset on disk (the Kaggle files, or {@code generate}'s synthetic ones):
 * <pre>
 * ROOT/train/images/ID.png   ROOT/train/masks/ID.png   ROOT/train.csv (id,rle_mask)
 * ROOT/depths.csv (id,z)     ROOT/test/images/ID.png
 * </pre>
 * Images and masks are 101x101. Ids are file names without {@code .png}, listed in sorted order.
 *
 * <pre>{@code
 * TgsDataset data = TgsDataset.at(Path.of("../shared/tgs"));
 * for (String id : data.trainIds()) { GrayImage x = data.trainImage(id); BinaryMask y = data.trainMask(id); }
 * }</pre>
 *
 * <p>Immutable; thread-safe (every call reads the files afresh).
 */
public final class TgsDataset {
    private static final String PNG = ".png";

    private final Path root;
    private final PngImageReader reader = PngImageReader.kaggle();

    private TgsDataset(Path root) {
        this.root = root;
    }

    /**
     * The dataset rooted at {@code root}.
     *
     * @throws InputException when {@code root} is not a directory
     */
    public static TgsDataset at(Path root) {
        if (!Files.isDirectory(root)) {
            throw new InputException(root.toString(), "dataset root is not a directory");
        }
        return new TgsDataset(root);
    }

    /** The root directory. */
    public Path root() {
        return root;
    }

    /** {@code ROOT/train/images}. */
    public Path trainImagesDir() {
        return root.resolve("train").resolve("images");
    }

    /** {@code ROOT/train/masks}. */
    public Path trainMasksDir() {
        return root.resolve("train").resolve("masks");
    }

    /** {@code ROOT/test/images}. */
    public Path testImagesDir() {
        return root.resolve("test").resolve("images");
    }

    /** {@code ROOT/train.csv}. */
    public Path trainCsv() {
        return root.resolve("train.csv");
    }

    /** {@code ROOT/depths.csv}. */
    public Path depthsCsv() {
        return root.resolve("depths.csv");
    }

    /** Path of a train image. */
    public Path trainImagePath(String id) {
        return trainImagesDir().resolve(id + PNG);
    }

    /** Path of a train mask. */
    public Path trainMaskPath(String id) {
        return trainMasksDir().resolve(id + PNG);
    }

    /** Path of a test image. */
    public Path testImagePath(String id) {
        return testImagesDir().resolve(id + PNG);
    }

    /** Ids of the train images (files in {@code train/images}), sorted. */
    public List<String> trainIds() {
        return List.copyOf(idsIn(trainImagesDir(), true));
    }

    /** Ids of the test images (files in {@code test/images}), sorted; empty when the folder is absent. */
    public List<String> testIds() {
        return List.copyOf(idsIn(testImagesDir(), false));
    }

    /** Reads a train image. */
    public GrayImage trainImage(String id) {
        return reader.readImage(trainImagePath(id));
    }

    /** Reads a train mask from its PNG. */
    public BinaryMask trainMask(String id) {
        return reader.readMask(trainMaskPath(id));
    }

    /** Reads a test image. */
    public GrayImage testImage(String id) {
        return reader.readImage(testImagePath(id));
    }

    /** The train masks decoded from {@code train.csv}, by id. */
    public SortedMap<String, BinaryMask> trainCsvMasks() {
        return SubmissionCsv.readMasks(trainCsv(), PngImageReader.KAGGLE_SIZE, PngImageReader.KAGGLE_SIZE);
    }

    /** Depth by id from {@code depths.csv}. */
    public SortedMap<String, Integer> depths() {
        return DepthsCsv.read(depthsCsv());
    }

    /**
     * Checks the whole dataset and reports every mismatch, not just the first: ids in
     * {@code train.csv} without an image or mask file, files without a row, masks without images and
     * the reverse, masks that disagree with their encoding, unreadable or wrongly sized images and
     * masks, bad encodings, and ids missing from {@code depths.csv}. Reads every file once, with
     * progress on stderr.
     */
    public ConsistencyReport check() {
        List<String> problems = new ArrayList<>();
        SortedSet<String> images = listOrReport(trainImagesDir(), problems);
        SortedSet<String> masks = listOrReport(trainMasksDir(), problems);
        SortedSet<String> tests = Files.isDirectory(testImagesDir()) ? listOrReport(testImagesDir(), problems)
                : reportMissing(testImagesDir(), problems);
        List<SubmissionCsv.Entry> rows = List.of();
        boolean csvRead = false;
        try {
            rows = SubmissionCsv.read(trainCsv());
            csvRead = true;
        } catch (InputException e) {
            problems.add(e.getMessage());
        }
        SortedSet<String> csvIds = new TreeSet<>();
        rows.forEach(r -> csvIds.add(r.id()));
        for (String id : csvIds) {
            if (!images.contains(id)) {
                problems.add(trainCsv() + ": id " + id + " has no image " + trainImagePath(id));
            }
            if (!masks.contains(id)) {
                problems.add(trainCsv() + ": id " + id + " has no mask " + trainMaskPath(id));
            }
        }
        for (String id : images) {
            if (csvRead && !csvIds.contains(id)) {
                problems.add(trainImagePath(id) + ": no row in " + trainCsv());
            }
            if (!masks.contains(id) && !csvIds.contains(id)) { // else already reported for the row
                problems.add(trainImagePath(id) + ": no mask " + trainMaskPath(id));
            }
        }
        for (String id : masks) {
            if (!images.contains(id) && !csvIds.contains(id)) { // else already reported for the row
                problems.add(trainMaskPath(id) + ": no image " + trainImagePath(id));
            }
        }
        checkDepths(images, tests, problems);
        ProgressFactory progressFactory = ProgressFactory.find();
        try (Progress progress = progressFactory.start("check-data", (long) images.size() + masks.size() + tests.size(), "file")) {
            checkImages(images, this::trainImagePath, problems, progress);
            checkImages(tests, this::testImagePath, problems, progress);
            checkMasks(masks, rows, problems, progress);
        }
        return new ConsistencyReport(images.size(), masks.size(), rows.size(), tests.size(), problems);
    }

    private void checkMasks(SortedSet<String> masks, List<SubmissionCsv.Entry> rows, List<String> problems,
            Progress progress) {
        Map<String, SubmissionCsv.Entry> byId = new HashMap<>();
        rows.forEach(r -> byId.put(r.id(), r));
        for (String id : masks) {
            BinaryMask mask = null;
            try {
                mask = trainMask(id);
            } catch (InputException e) {
                problems.add(e.getMessage());
            }
            SubmissionCsv.Entry row = byId.get(id);
            if (row != null) {
                try {
                    BinaryMask fromCsv = RunLengthEncoder.decode(row.rleMask(), PngImageReader.KAGGLE_SIZE,
                            PngImageReader.KAGGLE_SIZE, trainCsv() + " line " + row.line());
                    if (mask != null && !mask.equals(fromCsv)) {
                        problems.add(trainMaskPath(id) + ": mask disagrees with " + trainCsv() + " line " + row.line()
                                + " (" + differingPixels(mask, fromCsv) + " pixels differ; PNG area " + mask.area()
                                + ", RLE area " + fromCsv.area() + ")");
                    }
                } catch (InputException e) {
                    problems.add(e.getMessage());
                }
            }
            progress.step(1);
        }
    }

    private void checkImages(SortedSet<String> ids, Function<String, Path> path,
            List<String> problems, Progress progress) {
        for (String id : ids) {
            try {
                reader.readImage(path.apply(id));
            } catch (InputException e) {
                problems.add(e.getMessage());
            }
            progress.step(1);
        }
    }

    private void checkDepths(SortedSet<String> trainImages, SortedSet<String> testImages, List<String> problems) {
        SortedMap<String, Integer> depths;
        try {
            depths = depths();
        } catch (InputException e) {
            problems.add(e.getMessage());
            return;
        }
        for (SortedSet<String> ids : List.of(trainImages, testImages)) {
            for (String id : ids) {
                if (!depths.containsKey(id)) {
                    problems.add(depthsCsv() + ": no depth for id " + id);
                }
            }
        }
    }

    private static int differingPixels(BinaryMask a, BinaryMask b) {
        int n = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            if (a.pixels()[i] != b.pixels()[i]) {
                n++;
            }
        }
        return n;
    }

    private static SortedSet<String> listOrReport(Path dir, List<String> problems) {
        try {
            return idsIn(dir, true);
        } catch (InputException e) {
            problems.add(e.getMessage());
            return new TreeSet<>();
        }
    }

    private static SortedSet<String> reportMissing(Path dir, List<String> problems) {
        problems.add(dir + ": folder not found");
        return new TreeSet<>();
    }

    private static SortedSet<String> idsIn(Path dir, boolean required) {
        if (!Files.isDirectory(dir)) {
            if (required) {
                throw new InputException(dir.toString(), "folder not found");
            }
            return new TreeSet<>();
        }
        try (Stream<Path> files = Files.list(dir)) {
            SortedSet<String> ids = new TreeSet<>();
            files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(PNG) && !name.startsWith("."))
                    .forEach(name -> ids.add(name.substring(0, name.length() - PNG.length())));
            return ids;
        } catch (IOException e) {
            throw new InputException(dir.toString(), "cannot list folder (" + e + ")", e);
        }
    }
}

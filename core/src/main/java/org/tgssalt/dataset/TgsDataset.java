package org.tgssalt.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.tgssalt.InputException;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.GrayImage;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.image.PngImageReader;

/**
 * A TGS dataset on disk (the Kaggle files, or {@code generate}'s synthetic ones):
 * <pre>
 * ROOT/train/images/ID.png   ROOT/train/masks/ID.png   ROOT/train.csv (id,rle_mask)
 * ROOT/depths.csv (id,z)     ROOT/test/images/ID.png
 * </pre>
 * Images and masks are 101x101. Ids are file names without {@code .png}, listed in sorted order.
 *
 * <pre>{@code
 * TgsDataset data = TgsDataset.at(Path.of("data/tgs"));
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

    /** Ids of the train masks (files in {@code train/masks}), sorted. */
    public List<String> trainMaskIds() {
        return List.copyOf(idsIn(trainMasksDir(), true));
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
        return SubmissionCsv.readMasks(trainCsv(), KaggleImage.SIDE, KaggleImage.SIDE);
    }

    /** Depth by id from {@code depths.csv}. */
    public SortedMap<String, Integer> depths() {
        return DepthsCsv.read(depthsCsv());
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

package org.tgssalt.train.datacheck;

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
import java.util.function.Supplier;
import org.tgssalt.InputException;
import org.tgssalt.dataset.SubmissionCsv;
import org.tgssalt.dataset.TgsDataset;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.image.PngImageReader;
import org.tgssalt.progress.Progress;
import org.tgssalt.progress.ProgressFactory;
import org.tgssalt.rle.RunLengthEncoder;

/**
 * The {@code check-data} checks of one {@link TgsDataset}: every file against {@code train.csv} and
 * {@code depths.csv}, every image and mask decoded.
 *
 * <pre>{@code
 * ConsistencyReport report = DatasetCheck.of(TgsDataset.at(root)).run();
 * }</pre>
 *
 * <p>Immutable; each {@link #run()} reads the files afresh.
 */
public final class DatasetCheck {
    private static final PngImageReader READER = PngImageReader.kaggle();

    private final TgsDataset data;

    private DatasetCheck(TgsDataset data) {
        this.data = data;
    }

    /** The checks of {@code data}. */
    public static DatasetCheck of(TgsDataset data) {
        return new DatasetCheck(data);
    }

    /**
     * Checks the whole dataset and reports every mismatch, not just the first: ids in
     * {@code train.csv} without an image or mask file, files without a row, masks without images and
     * the reverse, masks that disagree with their encoding, unreadable or wrongly sized images and
     * masks, bad encodings, and ids missing from {@code depths.csv}. Reads every file once, with
     * progress on stderr.
     */
    public ConsistencyReport run() {
        List<String> problems = new ArrayList<>();
        SortedSet<String> images = listOrReport(data::trainIds, problems);
        SortedSet<String> masks = listOrReport(data::trainMaskIds, problems);
        SortedSet<String> tests = Files.isDirectory(data.testImagesDir()) ? listOrReport(data::testIds, problems)
                : reportMissing(data.testImagesDir(), problems);
        List<SubmissionCsv.Entry> rows = List.of();
        boolean csvRead = false;
        try {
            rows = SubmissionCsv.read(data.trainCsv());
            csvRead = true;
        } catch (InputException e) {
            problems.add(e.getMessage());
        }
        SortedSet<String> csvIds = new TreeSet<>();
        rows.forEach(r -> csvIds.add(r.id()));
        for (String id : csvIds) {
            if (!images.contains(id)) {
                problems.add(data.trainCsv() + ": id " + id + " has no image " + data.trainImagePath(id));
            }
            if (!masks.contains(id)) {
                problems.add(data.trainCsv() + ": id " + id + " has no mask " + data.trainMaskPath(id));
            }
        }
        for (String id : images) {
            if (csvRead && !csvIds.contains(id)) {
                problems.add(data.trainImagePath(id) + ": no row in " + data.trainCsv());
            }
            if (!masks.contains(id) && !csvIds.contains(id)) { // else already reported for the row
                problems.add(data.trainImagePath(id) + ": no mask " + data.trainMaskPath(id));
            }
        }
        for (String id : masks) {
            if (!images.contains(id) && !csvIds.contains(id)) { // else already reported for the row
                problems.add(data.trainMaskPath(id) + ": no image " + data.trainImagePath(id));
            }
        }
        checkDepths(images, tests, problems);
        ProgressFactory progressFactory = ProgressFactory.find();
        try (Progress progress = progressFactory.start("check-data", (long) images.size() + masks.size() + tests.size(), "file")) {
            checkImages(images, data::trainImagePath, problems, progress);
            checkImages(tests, data::testImagePath, problems, progress);
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
                mask = data.trainMask(id);
            } catch (InputException e) {
                problems.add(e.getMessage());
            }
            SubmissionCsv.Entry row = byId.get(id);
            if (row != null) {
                try {
                    BinaryMask fromCsv = RunLengthEncoder.decode(row.rleMask(), KaggleImage.SIDE,
                            KaggleImage.SIDE, data.trainCsv() + " line " + row.line());
                    if (mask != null && !mask.equals(fromCsv)) {
                        problems.add(data.trainMaskPath(id) + ": mask disagrees with " + data.trainCsv() + " line " + row.line()
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
                READER.readImage(path.apply(id));
            } catch (InputException e) {
                problems.add(e.getMessage());
            }
            progress.step(1);
        }
    }

    private void checkDepths(SortedSet<String> trainImages, SortedSet<String> testImages, List<String> problems) {
        SortedMap<String, Integer> depths;
        try {
            depths = data.depths();
        } catch (InputException e) {
            problems.add(e.getMessage());
            return;
        }
        for (SortedSet<String> ids : List.of(trainImages, testImages)) {
            for (String id : ids) {
                if (!depths.containsKey(id)) {
                    problems.add(data.depthsCsv() + ": no depth for id " + id);
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

    private static SortedSet<String> listOrReport(Supplier<List<String>> ids, List<String> problems) {
        try {
            return new TreeSet<>(ids.get());
        } catch (InputException e) {
            problems.add(e.getMessage());
            return new TreeSet<>();
        }
    }

    private static SortedSet<String> reportMissing(Path dir, List<String> problems) {
        problems.add(dir + ": folder not found");
        return new TreeSet<>();
    }

}

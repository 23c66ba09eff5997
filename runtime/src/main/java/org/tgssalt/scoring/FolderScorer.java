package org.tgssalt.scoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tgssalt.InputException;
import org.tgssalt.dataset.SubmissionCsv;
import org.tgssalt.ensemble.FoldEnsemble;
import org.tgssalt.ensemble.ScoringImageReader;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.image.PngImageWriter;
import org.tgssalt.progress.Progress;
import org.tgssalt.progress.ProgressFactory;
import org.tgssalt.rle.RunLengthEncoder;

/**
 * Scores a folder of images into a Kaggle submission: checks the folder and output paths, opens the
 * ensemble, checks every image (so that with {@link OnError#FAIL} a bad image stops the run before
 * anything is written), then streams the images through the ensemble, a decoder thread reading
 * ahead into a bounded queue. Writes the submission CSV ({@code id,rle_mask}, sorted by id, atomic),
 * a JSON report beside it and, if asked, probability PNGs and outline overlays.
 *
 * <p>Memory: a few batches of images in flight; the run-length encodings (tens of bytes per image)
 * are the only thing kept per image.
 */
public final class FolderScorer {
    /** Decoded batches allowed to wait for inference. */
    static final int QUEUE_BATCHES = 4;

    private final ProgressFactory progressFactory;

    /** @param progressFactory where progress goes ({@link ProgressFactory#find()} on the command line) */
    public FolderScorer(ProgressFactory progressFactory) {
        this.progressFactory = progressFactory;
    }

    /**
     * Runs the scoring.
     *
     * @throws InputException naming the folder, image, manifest, graph or output path at fault
     */
    public ScoreReport score(ScoreSettings settings) throws IOException, InterruptedException {
        long start = System.nanoTime();
        List<Path> files = ImageFolder.list(settings.images());
        checkWritable(settings.submission());
        try (FoldEnsemble ensemble = FoldEnsemble.open(settings.manifest(), settings.ensemble())) {
            List<SkippedImage> skipped = new ArrayList<>();
            List<Path> readable = check(files, settings.onError(), skipped);
            prepareFolder(settings.probabilities());
            prepareFolder(settings.overlays());
            SortedMap<String, String> encodings = new TreeMap<>();
            int empty = 0;
            int batchSize = settings.ensemble().batchSize();
            try (Progress progress = progressFactory.start("score", readable.size(), "img");
                    ImagePrefetcher prefetcher = new ImagePrefetcher(readable, batchSize, QUEUE_BATCHES)) {
                for (List<ImagePrefetcher.Item> batch = prefetcher.next(); !batch.isEmpty();
                        batch = prefetcher.next()) {
                    List<ImagePrefetcher.Item> good = keepReadable(batch, settings.onError(), skipped);
                    float[][] pixels = new float[good.size()][];
                    for (int i = 0; i < pixels.length; i++) {
                        pixels[i] = good.get(i).image().pixels();
                    }
                    float[][] probabilities = ensemble.probabilities(pixels);
                    for (int i = 0; i < pixels.length; i++) {
                        ImagePrefetcher.Item item = good.get(i);
                        BinaryMask mask = ensemble.threshold(probabilities[i]);
                        encodings.put(item.id(), RunLengthEncoder.encode(mask));
                        if (mask.isEmpty()) {
                            empty++;
                        }
                        writeExtras(settings, item, probabilities[i], mask);
                    }
                    progress.step(batch.size());
                }
            }
            if (encodings.isEmpty()) {
                throw new InputException(settings.images().toString(), "none of the " + files.size()
                        + " images could be scored; see the reasons with --on-error fail");
            }
            SubmissionCsv.writeEncodings(settings.submission(), encodings);
            double seconds = (System.nanoTime() - start) / 1e9;
            ScoreReport report = new ScoreReport(settings.submission().toString(), files.size(), encodings.size(),
                    skipped, empty, ensemble.device(), ensemble.cudaFailure(), ensemble.onnxRuntime(), batchSize,
                    ensemble.manifest().folds().size(), ensemble.flipTta(), ensemble.fused(), ensemble.threshold(),
                    seconds, encodings.size() / seconds);
            report.write(settings.report());
            return report;
        }
    }

    /** Decodes every image once; returns the readable ones, or fails on the first bad one. */
    private List<Path> check(List<Path> files, OnError onError, List<SkippedImage> skipped) {
        List<Path> readable = new ArrayList<>(files.size());
        List<InputException> bad = new ArrayList<>();
        try (Progress progress = progressFactory.start("check images", files.size(), "img")) {
            for (Path file : files) {
                try {
                    ScoringImageReader.read(file);
                    readable.add(file);
                } catch (InputException e) {
                    bad.add(e);
                    skipped.add(new SkippedImage(file.toString(), problem(e)));
                }
                progress.step(1);
            }
        }
        if (!bad.isEmpty() && onError == OnError.FAIL) {
            InputException first = bad.get(0);
            if (bad.size() == 1) {
                throw first;
            }
            throw new InputException(first.source(), problem(first) + " (and " + (bad.size() - 1)
                    + " more bad images; --on-error skip scores the rest and lists them in the report)", first);
        }
        return readable;
    }

    /** Items that decoded; an image that went bad since the check is skipped or fatal as asked. */
    private static List<ImagePrefetcher.Item> keepReadable(List<ImagePrefetcher.Item> batch, OnError onError,
            List<SkippedImage> skipped) {
        List<ImagePrefetcher.Item> good = new ArrayList<>(batch.size());
        for (ImagePrefetcher.Item item : batch) {
            if (item.error() == null) {
                good.add(item);
            } else if (onError == OnError.FAIL) {
                throw item.error();
            } else {
                skipped.add(new SkippedImage(item.file().toString(), problem(item.error())));
            }
        }
        return good;
    }

    private static void writeExtras(ScoreSettings settings, ImagePrefetcher.Item item, float[] probability,
            BinaryMask mask) throws IOException {
        if (settings.probabilities() != null) {
            PngImageWriter.writeProbabilities(KaggleImage.SIDE, KaggleImage.SIDE, probability,
                    settings.probabilities().resolve(item.id() + ".png"));
        }
        if (settings.overlays() != null) {
            PngImageWriter.writeImage(OverlayRenderer.render(item.image(), mask),
                    settings.overlays().resolve(item.id() + ".png"));
        }
    }

    /**
     * Fails early, before any work and without creating anything, when the submission cannot be
     * written where asked: the path is a folder, or its nearest existing ancestor is a file or not
     * writable. Public for the other scorers that write a submission (Spark's {@code spark-score}).
     *
     * @throws InputException naming {@code file} and why it cannot be written
     */
    public static void checkWritable(Path file) {
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new InputException(file.toString(), "cannot write the submission: it is a folder");
        }
        Path ancestor = absolute.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null || !Files.isDirectory(ancestor)) {
            throw new InputException(file.toString(), "cannot write the submission: " + ancestor
                    + " is not a folder");
        }
        if (!Files.isWritable(ancestor)) {
            throw new InputException(file.toString(), "cannot write the submission: folder " + ancestor
                    + " is not writable");
        }
    }

    private static void prepareFolder(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InputException(dir.toString(), "cannot create the output folder (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }

    /** The problem part of an input error, without the repeated source. */
    private static String problem(InputException e) {
        String prefix = e.source() + ": ";
        String message = e.getMessage();
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}

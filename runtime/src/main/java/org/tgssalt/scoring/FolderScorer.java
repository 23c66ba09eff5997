package org.tgssalt.scoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.tgssalt.InputException;
import org.tgssalt.ensemble.FoldEnsemble;
import org.tgssalt.ensemble.ScoringImageReader;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.image.PngImageWriter;
import org.tgssalt.io.TemporaryFiles;
import org.tgssalt.progress.Progress;
import org.tgssalt.progress.ProgressFactory;
import org.tgssalt.rle.RunLengthEncoder;

/**
 * Scores a folder of images into a Kaggle submission. In order: lists the folder (every {@code *.png}
 * entry is scored or reported, {@link ImageFolder}), checks the output paths against the inputs
 * ({@link OutputPathCheck}), opens the ensemble, decodes every image once (so that with
 * {@link OnError#FAIL} a bad image stops the run before anything is written), then streams the
 * images through the ensemble, a decoder thread reading ahead into a bounded queue. The submission
 * CSV ({@code id,rle_mask}, sorted by id), a JSON report beside it and, if asked, probability PNGs and
 * outline overlays are replaced all at once at the end ({@link ScoringOutputs}): a run that fails or is
 * stopped leaves the earlier outputs byte for byte.
 *
 * <p>Notes for the user (skipped images, the threshold when the manifest has no tuned one, leftovers
 * of interrupted runs cleaned up) go, one line each, to the {@code notes} consumer.
 *
 * <p>Memory: at most {@value #QUEUE_BATCHES} decoded batches wait, and a batch is never larger than the
 * folder; the run-length encodings (tens of bytes per image) are the only thing kept per image.
 */
public final class FolderScorer {
    /** Decoded batches allowed to wait for inference. */
    static final int QUEUE_BATCHES = 4;
    /** Skipped images named in the note on standard error; the report lists them all. */
    static final int SKIPPED_NAMED = 3;

    private final ProgressFactory progressFactory;
    private final Consumer<String> notes;

    /**
     * @param progressFactory where progress goes ({@link ProgressFactory#find()} on the command line)
     * @param notes where one-line notes for the user go (standard error on the command line)
     */
    public FolderScorer(ProgressFactory progressFactory, Consumer<String> notes) {
        this.progressFactory = progressFactory;
        this.notes = notes;
    }

    /**
     * Runs the scoring.
     *
     * @throws InputException naming the folder, image, manifest, graph or output path at fault
     * @throws IOException naming the output that could not be written; earlier outputs are then unchanged
     */
    public ScoreReport score(ScoreSettings settings) throws IOException, InterruptedException {
        long start = System.nanoTime();
        ImageFolder folder = ImageFolder.list(settings.images());
        OutputPathCheck.check(settings, folder);
        List<SkippedImage> skipped = new ArrayList<>(folder.unusable());
        failOnBad(skipped, settings.onError());
        if (!folder.otherFormats().isEmpty()) {
            notes.accept(otherFormatsNote(folder));
        }
        // A batch never holds more images than the folder: an absurd --batch costs nothing.
        int batchSize = Math.max(1, Math.min(settings.ensemble().batchSize(), folder.scorable().size()));
        try (FoldEnsemble ensemble = FoldEnsemble.open(settings.manifest(),
                settings.ensemble().toBuilder().batchSize(batchSize).build())) {
            noteThreshold(settings, ensemble);
            List<Path> readable = check(folder.scorable().stream().map(Path::of).toList(), settings.onError(), skipped);
            SortedMap<String, String> encodings = new TreeMap<>();
            int empty = 0;
            try (ScoringOutputs outputs = ScoringOutputs.open(settings, notes)) {
                int queue = Math.max(1, Math.min(QUEUE_BATCHES, (readable.size() + batchSize - 1) / batchSize));
                try (Progress progress = progressFactory.start("score", readable.size(), "img");
                        ImagePrefetcher prefetcher = new ImagePrefetcher(readable, batchSize, queue)) {
                    for (List<ImagePrefetcher.Item> batch = prefetcher.next(); !batch.isEmpty();
                            batch = prefetcher.next()) {
                        // After a TERM: end here instead of racing the hook that removes the staging folders.
                        TemporaryFiles.process().requireRunning("scoring further images");
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
                            writeExtras(outputs, item, probabilities[i], mask);
                        }
                        progress.step(batch.size());
                    }
                }
                if (encodings.isEmpty()) {
                    throw new InputException(settings.images().toString(), "none of the " + folder.images()
                            + " images could be scored; see the reasons with --on-error fail");
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                ScoreReport report = new ScoreReport(settings.submission().toString(), folder.images(),
                        encodings.size(), sortedByFile(skipped), folder.otherFormats(), empty, ensemble.device(),
                        ensemble.cudaFailure(), ensemble.onnxRuntime(), batchSize, ensemble.manifest().folds().size(),
                        ensemble.flipTta(), ensemble.fused(), ensemble.precision().text(), ensemble.threshold(), seconds, encodings.size() / seconds);
                if (report.scored() + report.skipped().size() != report.images()) {
                    throw new IllegalStateException("scored " + report.scored() + " + skipped " + report.skipped().size()
                            + " != " + report.images() + " images: an image went missing");
                }
                outputs.commit(encodings, report);
                noteSkipped(report, settings.report());
                return report;
            }
        }
    }

    /** Decodes every image once; returns the readable ones, or fails on the first bad one. */
    private List<Path> check(List<Path> files, OnError onError, List<SkippedImage> skipped) {
        List<Path> readable = new ArrayList<>(files.size());
        List<SkippedImage> bad = new ArrayList<>();
        try (Progress progress = progressFactory.start("check images", files.size(), "img")) {
            for (Path file : files) {
                try {
                    ScoringImageReader.read(file);
                    readable.add(file);
                } catch (InputException e) {
                    bad.add(new SkippedImage(file.toString(), problem(e)));
                }
                progress.step(1);
            }
        }
        skipped.addAll(bad);
        failOnBad(skipped, onError);
        return readable;
    }

    /**
     * With {@link OnError#FAIL}: refuses the run when any image is bad, naming the first (by file) and
     * counting the others. Public for the other scorers that read {@link ImageFolder}s
     * ({@code spark-score}), so that the same folder gets the same refusal.
     *
     * @throws InputException naming the first bad image
     */
    public static void failOnBad(List<SkippedImage> bad, OnError onError) {
        if (bad.isEmpty() || onError != OnError.FAIL) {
            return;
        }
        SkippedImage first = sortedByFile(bad).get(0);
        String more = bad.size() == 1 ? "" : " (and " + (bad.size() - 1) + " more bad images; --on-error skip scores "
                + "the rest and lists them in the report)";
        throw new InputException(first.file(), first.reason() + more);
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

    private static void writeExtras(ScoringOutputs outputs, ImagePrefetcher.Item item, float[] probability,
            BinaryMask mask) throws IOException {
        Path probabilityFile = outputs.probabilityFile(item.id());
        if (probabilityFile != null) {
            try {
                PngImageWriter.writeProbabilities(KaggleImage.SIDE, KaggleImage.SIDE, probability, probabilityFile);
            } catch (IllegalArgumentException e) { // NaN: name the image, not just the pixel
                throw new IllegalStateException(item.file() + ": the ensemble returned " + e.getMessage()
                        + " for this image", e);
            }
        }
        Path overlayFile = outputs.overlayFile(item.id());
        if (overlayFile != null) {
            PngImageWriter.writeImage(OverlayRenderer.render(item.image(), mask), overlayFile);
        }
    }


    /**
     * The note on the folder's entries with another image format's extension, which are not scored; null
     * when there are none. Public for the other scorers that read {@link ImageFolder}s ({@code spark-score}).
     */
    public static String otherFormatsNote(ImageFolder folder) {
        if (folder.otherFormats().isEmpty()) {
            return null;
        }
        return folder.otherFormats().size() + " files in " + folder.folder() + " are not PNG and were not scored: "
                + firstFew(folder.otherFormats());
    }

    private void noteThreshold(ScoreSettings settings, FoldEnsemble ensemble) {
        if (settings.ensemble().threshold() == null && ensemble.manifest().threshold().tunedFrom() == null) {
            notes.accept("threshold " + ensemble.threshold() + ": " + settings.manifest() + " has no tuned threshold "
                    + "(tune-threshold records one; --threshold T sets one)");
        }
    }

    private void noteSkipped(ScoreReport report, Path reportFile) {
        if (report.skipped().isEmpty()) {
            return;
        }
        List<String> named = report.skipped().stream()
                .map(s -> Path.of(s.file()).getFileName() + " (" + s.reason() + ")").toList();
        notes.accept("skipped " + report.skipped().size() + " of " + report.images() + " images, all listed in "
                + reportFile + ": " + firstFew(named));
    }

    private static String firstFew(List<String> items) {
        String shown = String.join(", ", items.subList(0, Math.min(SKIPPED_NAMED, items.size())));
        return items.size() > SKIPPED_NAMED ? shown + " and " + (items.size() - SKIPPED_NAMED) + " more" : shown;
    }

    private static List<SkippedImage> sortedByFile(List<SkippedImage> skipped) {
        List<SkippedImage> sorted = new ArrayList<>(skipped);
        sorted.sort(java.util.Comparator.comparing(SkippedImage::file));
        return sorted;
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

    /** The problem part of an input error, without the repeated source. */
    private static String problem(InputException e) {
        String prefix = e.source() + ": ";
        String message = e.getMessage();
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}

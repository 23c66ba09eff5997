package org.tgssalt.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.tgssalt.dataset.SubmissionCsv;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.ensemble.EnsembleOptions;
import org.tgssalt.progress.PlainProgress;
import org.tgssalt.scoring.FolderScorer;
import org.tgssalt.scoring.OnError;
import org.tgssalt.scoring.ScoreSettings;
import org.tgssalt.testing.TestGraphs;

/** Sessions, sample data and the reference scorer ({@code score}'s {@link FolderScorer}) for the Spark tests. */
final class SparkFixtures {
    /** The repository root (the build passes it; tests run from spark/ otherwise). */
    static final Path ROOT = Path.of(System.getProperty("tgs.source.root", "..")).toAbsolutePath().normalize();
    static final Path SAMPLE_MODELS = ROOT.resolve("samples/models");
    static final Path SAMPLE_IMAGES = ROOT.resolve("samples/data/test/images");
    /** The real test images, when the shared data is there. */
    static final Path REAL_IMAGES = Path.of(System.getProperty("tgs.shared.dir", ROOT.resolve("../shared").toString()))
            .resolve("tgs/test/images");

    /** The ramp folds (a, b) every Spark test's small ensemble uses: cheap to run, and not mirror-symmetric. */
    static final float[][] RAMP_FOLDS = {{4f, -4f}, {6f, -5f}};

    private SparkFixtures() {}

    /** Writes the {@link #RAMP_FOLDS} ensemble with its fused graph into {@code dir}; returns the folder. */
    static Path writeRampModels(Path dir) throws IOException {
        return TestGraphs.writeRampEnsemble(dir, RAMP_FOLDS, true).getParent();
    }

    /**
     * The test JVM's one Spark session: two task threads, each task tried twice ({@code local[2,2]}, so that a
     * task failing once is retried as on a cluster), no UI, on the loopback address. Shared by the test
     * classes because starting one costs seconds; Spark stops it when the JVM exits.
     */
    static synchronized SparkSession session() {
        return SparkSession.builder().master("local[2,2]").appName("tgs-spark tests")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    /** The first {@code count} PNGs of {@code from} (by name), copied into {@code to}. */
    static Path copyImages(Path from, Path to, int count) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path png : files.filter(p -> p.toString().endsWith(".png")).sorted().limit(count).toList()) {
                Files.copy(png, to.resolve(png.getFileName()));
            }
        }
        return to;
    }

    /** A copy of a model folder: a new location, so a new ensemble for {@link ExecutorEnsembles}. */
    static Path copyModels(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".onnx") || p.toString().endsWith(".json")).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    /** The submission {@code score} writes for {@code images} on the CPU (default options otherwise). */
    static byte[] scoreCsv(Path models, Path images, Path out, OnError onError) throws Exception {
        Path csv = out.resolve("score/submission.csv");
        EnsembleOptions options = EnsembleOptions.builder().device(ExecutionDevice.CPU).build();
        new FolderScorer(PlainProgress.FACTORY, note -> { }).score(new ScoreSettings(models.resolve("ensemble.json"), images, csv,
                null, null, onError, options));
        return Files.readAllBytes(csv);
    }

    /** The ids of a submission, in file order. */
    static List<String> ids(Path csv) {
        return SubmissionCsv.read(csv).stream().map(SubmissionCsv.Entry::id).toList();
    }
}

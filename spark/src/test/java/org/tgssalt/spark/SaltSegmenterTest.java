package org.tgssalt.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.InputException;
import org.tgssalt.ensemble.ScoringImageReader;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.KaggleImage;
import org.tgssalt.io.Sha256;
import org.tgssalt.manifest.ManifestException;
import org.tgssalt.rle.RunLengthEncoder;
import org.tgssalt.testing.TestGraphs;

/**
 * The Transformer in the tests' local[2] session: its columns, its ensemble per JVM, saving and loading, bad input.
 * The models are two "ramp" folds ({@link TestGraphs}), whose probabilities have a closed form and cost
 * nothing to compute; the images are the 40 sample test images.
 */
class SaltSegmenterTest {
    private static final float[][] FOLDS = SparkFixtures.RAMP_FOLDS;
    private static SparkSession spark;
    private static Dataset<Row> samples;
    private static Path models;

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        models = SparkFixtures.writeRampModels(shared.resolve("ramp"));
        spark = SparkFixtures.session();
        samples = spark.read().format("binaryFile").option("pathGlobFilter", "*.png")
                .load(SparkFixtures.SAMPLE_IMAGES.toString()).repartition(3);
    }

    /**
     * The ensemble's probability at one pixel: the mean over folds and over the image and its mirror image,
     * flipped back (the mirror puts the pixel in column 100 - c).
     */
    private static double expectedProbability(float x, int column) {
        double sum = 0;
        for (float[] fold : FOLDS) {
            sum += TestGraphs.rampProbability(fold[0], fold[1], x, column)
                    + TestGraphs.rampProbability(fold[0], fold[1], x, 100 - column);
        }
        return sum / (2 * FOLDS.length);
    }

    /** The rows of {@code columns} (id first), sorted by id in the driver (a Spark sort would score twice). */
    private static List<Row> sortedById(Dataset<Row> scored, String... columns) {
        List<Row> rows = new ArrayList<>(scored.select("id", columns).collectAsList());
        rows.sort(Comparator.comparing(r -> r.getString(0)));
        return rows;
    }

    /** Every column against the closed-form probabilities of the ramp folds, and the columns against each other. */
    @Test
    void columnsHoldEachImagesResults() {
        SaltSegmenter segmenter = new SaltSegmenter().setModelsPath(models.toString()).setBatchSize(4)
                .setProbabilityCol("probability").setDevice("cpu");
        List<Row> rows = sortedById(segmenter.transform(samples), "path", "rle_mask", "salt_pixels",
                "mean_probability", "probability", "error");
        assertEquals(40, rows.size());
        for (Row row : rows) {
            String id = row.getString(0);
            Path file = SparkFixtures.SAMPLE_IMAGES.resolve(id + ".png");
            assertEquals(file.toUri().getPath(), URI.create(row.getString(1)).getPath(), "id is the file name");
            float[] pixels = ScoringImageReader.read(file).pixels();
            float[] probability = new float[KaggleImage.PIXELS];
            ByteBuffer.wrap((byte[]) row.get(5)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(probability);
            double sum = 0;
            int salt = 0;
            for (int i = 0; i < probability.length; i++) {
                double expected = expectedProbability(pixels[i], i % KaggleImage.SIDE);
                assertEquals(expected, probability[i], 1e-6, id + " pixel " + i);
                sum += probability[i];
                salt += probability[i] >= 0.5f ? 1 : 0;
            }
            BinaryMask mask = RunLengthEncoder.decode(row.getString(2), KaggleImage.SIDE, KaggleImage.SIDE);
            assertEquals(BinaryMask.threshold(probability, 0.5), mask, id);
            assertEquals(salt, row.getInt(3), id);
            assertEquals(sum / probability.length, row.getDouble(4), 1e-12, id);
            assertNull(row.get(6), id);
        }
    }

    @Test
    void opensTheEnsembleOncePerJvmNotPerPartitionOrJob() throws IOException {
        Path copy = SparkFixtures.copyModels(models, dir.resolve("models"));
        SaltSegmenter segmenter = new SaltSegmenter().setModelsPath(copy.toString()).setDevice("cpu");
        int before = ExecutorEnsembles.opened();
        Dataset<Row> scored = segmenter.transform(samples.repartition(4));
        assertEquals(40, scored.count());
        assertEquals(40, scored.filter("error is null").count(), "a second job");
        assertEquals(1, ExecutorEnsembles.opened() - before, "one ensemble for 2 jobs x 4 partitions in one JVM");
    }

    @Test
    void savedAndLoadedItScoresTheSameAloneAndInAPipeline() throws IOException {
        SaltSegmenter segmenter = new SaltSegmenter().setModelsPath(models.toString())
                .setBatchSize(3).setGraphs("separate").setThreshold(0.4).setDevice("cpu").setIdCol("id")
                .setRleCol("mask");
        List<Row> expected = sortedById(segmenter.transform(samples), "mask", "salt_pixels", "mean_probability");

        segmenter.save(dir.resolve("segmenter").toString());
        SaltSegmenter loaded = SaltSegmenter.load(dir.resolve("segmenter").toString());
        assertEquals(segmenter.uid(), loaded.uid());
        assertEquals(segmenter.extractParamMap().toString(), loaded.extractParamMap().toString());
        assertEquals(expected, sortedById(loaded.transform(samples), "mask", "salt_pixels", "mean_probability"));

        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {segmenter});
        pipeline.save(dir.resolve("pipeline").toString());
        PipelineModel fitted = Pipeline.load(dir.resolve("pipeline").toString()).fit(samples);
        fitted.save(dir.resolve("model").toString());
        PipelineModel model = PipelineModel.load(dir.resolve("model").toString());
        assertEquals(expected, sortedById(model.transform(samples), "mask", "salt_pixels", "mean_probability"));
    }

    @Test
    void badImagesFailTheJobOrAreReportedInTheErrorColumn() throws IOException {
        Path images = SparkFixtures.copyImages(SparkFixtures.SAMPLE_IMAGES, dir.resolve("images"), 2);
        Files.writeString(images.resolve("text.png"), "not an image");
        Dataset<Row> input = spark.read().format("binaryFile").load(images.toString());
        String textPath = input.filter("path like '%text.png'").first().getString(0);
        SaltSegmenter segmenter = new SaltSegmenter().setModelsPath(models.toString()).setDevice("cpu");

        List<Row> skipped = sortedById(segmenter.copy(ParamMap.empty()).setOnError("skip")
                .transform(input), "rle_mask", "salt_pixels", "error");
        assertEquals(3, skipped.size());
        Row text = skipped.get(2);
        assertEquals("text", text.getString(0));
        assertNull(text.get(1));
        assertNull(text.get(2));
        assertEquals("not a PNG file (no PNG signature)", text.getString(3));
        assertNull(skipped.get(0).get(3));

        Exception failed = assertThrows(Exception.class, () -> segmenter.transform(input).collectAsList());
        InputException reason = assertThrows(InputException.class, () -> {
            throw JobFailure.explain(failed);
        });
        assertEquals(textPath + ": not a PNG file (no PNG signature)", reason.getMessage());
    }

    @Test
    void missingOrChangedModelsFailInTransformOnTheDriver() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        SaltSegmenter segmenter = new SaltSegmenter().setModelsPath(empty.toString());
        assertEquals(empty.resolve("ensemble.json") + ": no ensemble manifest there (expected the ensemble.json that "
                + "export writes)", assertThrows(ManifestException.class, () -> segmenter.transform(samples)).getMessage());

        Path tampered = SparkFixtures.copyModels(models, dir.resolve("tampered"));
        Path fold = tampered.resolve("fold-2.onnx");
        byte[] graph = Files.readAllBytes(fold);
        graph[graph.length - 1] ^= 1;
        Files.write(fold, graph);
        String message = assertThrows(ManifestException.class,
                () -> segmenter.setModelsPath(tampered.toString()).transform(samples)).getMessage();
        assertEquals(fold + ": SHA-256 " + Sha256.of(graph) + " does not match the manifest's " + Sha256.of(
                TestGraphs.rampFold(FOLDS[1][0], FOLDS[1][1])) + " (the file changed after export)", message);

        assertEquals("SaltSegmenter: modelsPath is not set (the folder holding ensemble.json)",
                assertThrows(IllegalArgumentException.class, () -> new SaltSegmenter().transform(samples)).getMessage());
    }

    @Test
    void schemaIsChecked() {
        SaltSegmenter segmenter = new SaltSegmenter().setModelsPath(models.toString());
        assertEquals("SaltSegmenter: no input column 'image' among [path, modificationTime, length, content]",
                assertThrows(IllegalArgumentException.class,
                        () -> segmenter.copy(ParamMap.empty()).setInputCol("image")
                                .transformSchema(samples.schema())).getMessage());
        assertEquals("SaltSegmenter: input column 'length' is bigint, expected string",
                assertThrows(IllegalArgumentException.class,
                        () -> segmenter.copy(ParamMap.empty()).setPathCol("length")
                                .transformSchema(samples.schema())).getMessage());
        assertEquals("SaltSegmenter: output column 'length' exists already in the input",
                assertThrows(IllegalArgumentException.class,
                        () -> segmenter.copy(ParamMap.empty()).setIdCol("length")
                                .transformSchema(samples.schema())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> segmenter.setOnError("ignore"));
        assertThrows(IllegalArgumentException.class, () -> segmenter.setDevice("tpu"));
    }
}

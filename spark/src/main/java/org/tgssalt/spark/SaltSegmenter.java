package org.tgssalt.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.tgssalt.device.ExecutionDevice;
import org.tgssalt.ensemble.EnsembleOptions;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.scoring.OnError;

/**
 * A Spark ML {@code Transformer} that segments salt: from rows of PNG bytes and their paths (the
 * {@code content} and {@code path} columns of Spark's {@code binaryFile} source) to the image id, the
 * Kaggle run-length mask, the salt pixel count, the mean salt probability and, if asked, the probability
 * map, appended as new columns.
 *
 * <pre>{@code
 * Dataset<Row> images = spark.read().format("binaryFile").option("pathGlobFilter", "*.png").load("hdfs:///tgs/test");
 * SaltSegmenter segmenter = new SaltSegmenter().setModelsPath("hdfs:///tgs/models");
 * segmenter.transform(images).select("id", "rle_mask").write().csv("hdfs:///tgs/out");
 * segmenter.save("hdfs:///tgs/segmenter");                 // and SaltSegmenter.load(...), also inside a Pipeline
 * }</pre>
 *
 * <p>Each executor JVM opens the ensemble once, when its first task needs it, checks the manifest's
 * SHA-256 digests on its own copy of the files, reuses it for every later task and partition, and closes
 * it at exit. {@link #transform} checks the manifest and its digests on the driver first, so missing or
 * changed models fail there, before any task starts. Partitions are scored {@link #batchSize()} images
 * per graph call, {@link #threadsPerTask()} ONNX Runtime threads per task. With {@code onError = fail}
 * (default) a bad image fails its task and so the job, the exception naming the image; with {@code skip}
 * its results are null and {@link #errorCol()} says why (the column is null for scored images).
 *
 * <p>Output columns (names are parameters): {@code id} string (file name without extension),
 * {@code rle_mask} string (empty for an empty mask), {@code salt_pixels} int, {@code mean_probability}
 * double, {@code probability} binary (only when {@link #probabilityCol()} is set: 101x101 float32
 * little-endian, row-major), {@code error} string.
 *
 * <p>Not thread-safe while its parameters change, like every Spark ML stage; {@code transform} itself
 * may run concurrently.
 */
public final class SaltSegmenter extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private static final DefaultParamsReadable<SaltSegmenter> READABLE = new DefaultParamsReadable<>() {};

    private final String uid;
    private final Param<String> modelsPath;
    private final Param<String> inputCol;
    private final Param<String> pathCol;
    private final Param<String> idCol;
    private final Param<String> rleCol;
    private final Param<String> saltPixelsCol;
    private final Param<String> meanProbabilityCol;
    private final Param<String> probabilityCol;
    private final Param<String> errorCol;
    private final IntParam batchSize;
    private final IntParam threadsPerTask;
    private final Param<String> graphs;
    private final Param<String> precision;
    private final Param<String> device;
    private final DoubleParam threshold;
    private final Param<String> onError;

    /** A segmenter with a random uid and the default parameters; set {@link #setModelsPath} before use. */
    public SaltSegmenter() {
        this(Identifiable$.MODULE$.randomUID("saltSegmenter"));
    }

    /** A segmenter with the given uid (Spark's readers make stages this way). */
    public SaltSegmenter(String uid) {
        this.uid = uid;
        modelsPath = new Param<>(this, "modelsPath", "the ensemble: a folder holding ensemble.json or the manifest "
                + "file, as a Hadoop path (file:, hdfs:, ...) or sparkfiles:NAME for files shipped with spark-submit");
        inputCol = new Param<>(this, "inputCol", "input column of PNG bytes (binaryFile's content)");
        pathCol = new Param<>(this, "pathCol", "input column naming each image, whose file name gives the id");
        idCol = new Param<>(this, "idCol", "output column: the image id");
        rleCol = new Param<>(this, "rleCol", "output column: the Kaggle run-length encoding of the mask");
        saltPixelsCol = new Param<>(this, "saltPixelsCol", "output column: salt pixels in the mask");
        meanProbabilityCol = new Param<>(this, "meanProbabilityCol", "output column: the mean salt probability");
        probabilityCol = new Param<>(this, "probabilityCol", "output column for the probability map as 101x101 "
                + "float32 little-endian bytes; empty for none");
        errorCol = new Param<>(this, "errorCol", "output column: why an image was not scored (onError skip), "
                + "null when it was");
        batchSize = new IntParam(this, "batchSize", "images per graph call", ParamValidators.gtEq(1));
        threadsPerTask = new IntParam(this, "threadsPerTask", "ONNX Runtime intra-op threads per task",
                ParamValidators.gtEq(1));
        graphs = new Param<>(this, "graphs", "auto (the manifest's fused graph when it lists one), fused or separate",
                ParamValidators.inArray(List.of("auto", "fused", "separate")));
        precision = new Param<>(this, "precision", "fp32 (the float32 graphs) or int8 (the calibrated int8 graphs "
                + "export --int8 wrote)", ParamValidators.inArray(List.of("fp32", "int8")));
        device = new Param<>(this, "device", "auto, cpu, cuda or cuda:N", SaltSegmenter::validDevice);
        threshold = new DoubleParam(this, "threshold", "mask threshold in (0,1); unset: the manifest's",
                ParamValidators.inRange(0, 1, false, false));
        onError = new Param<>(this, "onError", "a bad image: fail the job, or skip it and say why in errorCol",
                ParamValidators.inArray(List.of("fail", "skip")));
        setDefault(inputCol, "content");
        setDefault(pathCol, "path");
        setDefault(idCol, "id");
        setDefault(rleCol, "rle_mask");
        setDefault(saltPixelsCol, "salt_pixels");
        setDefault(meanProbabilityCol, "mean_probability");
        setDefault(probabilityCol, "");
        setDefault(errorCol, "error");
        setDefault(batchSize, EnsembleOptions.DEFAULT_BATCH_SIZE);
        setDefault(threadsPerTask, 1);
        setDefault(graphs, "auto");
        setDefault(precision, "fp32");
        setDefault(device, "auto");
        setDefault(onError, "fail");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** Where the ensemble is (no default). */
    public Param<String> modelsPath() {
        return modelsPath;
    }

    /** Input column of PNG bytes (default {@code content}). */
    public Param<String> inputCol() {
        return inputCol;
    }

    /** Input column naming each image (default {@code path}). */
    public Param<String> pathCol() {
        return pathCol;
    }

    /** Output column of ids (default {@code id}). */
    public Param<String> idCol() {
        return idCol;
    }

    /** Output column of run-length masks (default {@code rle_mask}). */
    public Param<String> rleCol() {
        return rleCol;
    }

    /** Output column of salt pixel counts (default {@code salt_pixels}). */
    public Param<String> saltPixelsCol() {
        return saltPixelsCol;
    }

    /** Output column of mean probabilities (default {@code mean_probability}). */
    public Param<String> meanProbabilityCol() {
        return meanProbabilityCol;
    }

    /** Output column of probability bytes (default empty: none). */
    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    /** Output column of reasons for unscored images (default {@code error}). */
    public Param<String> errorCol() {
        return errorCol;
    }

    /** Images per graph call (default {@value EnsembleOptions#DEFAULT_BATCH_SIZE}). */
    public IntParam batchSize() {
        return batchSize;
    }

    /** ONNX Runtime intra-op threads per task (default 1: one core per task slot). */
    public IntParam threadsPerTask() {
        return threadsPerTask;
    }

    /** {@code auto} (default), {@code fused} or {@code separate}. */
    public Param<String> graphs() {
        return graphs;
    }

    /** {@code fp32} (default) or {@code int8}: which of the manifest's graphs run. */
    public Param<String> precision() {
        return precision;
    }

    /** {@code auto} (default), {@code cpu}, {@code cuda} or {@code cuda:N}. */
    public Param<String> device() {
        return device;
    }

    /** Mask threshold override (default unset: the manifest's). */
    public DoubleParam threshold() {
        return threshold;
    }

    /** {@code fail} (default) or {@code skip}. */
    public Param<String> onError() {
        return onError;
    }

    /** Sets {@link #modelsPath()}. */
    public SaltSegmenter setModelsPath(String value) {
        set(modelsPath, value);
        return this;
    }

    /** Sets {@link #inputCol()}. */
    public SaltSegmenter setInputCol(String value) {
        set(inputCol, value);
        return this;
    }

    /** Sets {@link #pathCol()}. */
    public SaltSegmenter setPathCol(String value) {
        set(pathCol, value);
        return this;
    }

    /** Sets {@link #idCol()}. */
    public SaltSegmenter setIdCol(String value) {
        set(idCol, value);
        return this;
    }

    /** Sets {@link #rleCol()}. */
    public SaltSegmenter setRleCol(String value) {
        set(rleCol, value);
        return this;
    }

    /** Sets {@link #saltPixelsCol()}. */
    public SaltSegmenter setSaltPixelsCol(String value) {
        set(saltPixelsCol, value);
        return this;
    }

    /** Sets {@link #meanProbabilityCol()}. */
    public SaltSegmenter setMeanProbabilityCol(String value) {
        set(meanProbabilityCol, value);
        return this;
    }

    /** Sets {@link #probabilityCol()}; empty turns the column off. */
    public SaltSegmenter setProbabilityCol(String value) {
        set(probabilityCol, value);
        return this;
    }

    /** Sets {@link #errorCol()}. */
    public SaltSegmenter setErrorCol(String value) {
        set(errorCol, value);
        return this;
    }

    /** Sets {@link #batchSize()}. */
    public SaltSegmenter setBatchSize(int value) {
        set(batchSize, value);
        return this;
    }

    /** Sets {@link #threadsPerTask()}. */
    public SaltSegmenter setThreadsPerTask(int value) {
        set(threadsPerTask, value);
        return this;
    }

    /** Sets {@link #graphs()}. */
    public SaltSegmenter setGraphs(String value) {
        set(graphs, value);
        return this;
    }

    /** Sets {@link #precision()}. */
    public SaltSegmenter setPrecision(String value) {
        set(precision, value);
        return this;
    }

    /** Sets {@link #device()}. */
    public SaltSegmenter setDevice(String value) {
        set(device, value);
        return this;
    }

    /** Sets {@link #threshold()}. */
    public SaltSegmenter setThreshold(double value) {
        set(threshold, value);
        return this;
    }

    /** Sets {@link #onError()}. */
    public SaltSegmenter setOnError(String value) {
        set(onError, value);
        return this;
    }

    /**
     * Checks the input columns (binary content, string path) and that no output column exists yet.
     *
     * @return the input schema followed by the output columns
     * @throws IllegalArgumentException naming the column at fault
     */
    @Override
    public StructType transformSchema(StructType schema) {
        requireColumn(schema, $(inputCol), DataTypes.BinaryType);
        requireColumn(schema, $(pathCol), DataTypes.StringType);
        StructType out = schema;
        for (StructField field : outputFields()) {
            if (List.of(schema.fieldNames()).contains(field.name())) {
                throw new IllegalArgumentException("SaltSegmenter: output column '" + field.name()
                        + "' exists already in the input");
            }
            out = out.add(field);
        }
        return out;
    }

    /**
     * Scores the images: checks the schema and, on the driver, the manifest and every graph's digest,
     * then maps each partition through the executors' shared ensembles (lazily, when the result is used).
     *
     * @throws org.tgssalt.manifest.ManifestException when the models are missing or changed
     * @throws IllegalArgumentException when {@link #modelsPath()} is unset or a column is wrong
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        return score(dataset, null, null);
    }

    /**
     * {@link #transform(Dataset)}, reporting each partition's executor to {@code facts} and, in tests,
     * failing tasks through {@code fault}; either may be null.
     */
    Dataset<Row> score(Dataset<?> dataset, CollectionAccumulator<ExecutorFacts> facts, TaskFault fault) {
        StructType out = transformSchema(dataset.schema());
        ScoringSpec spec = spec();
        checkModels(dataset.sparkSession());
        return scoreChecked(dataset, out, spec, facts, fault);
    }

    /** {@link #score(Dataset, CollectionAccumulator, TaskFault)} once the driver has checked the models. */
    Dataset<Row> scoreChecked(Dataset<?> dataset, CollectionAccumulator<ExecutorFacts> facts, TaskFault fault) {
        return scoreChecked(dataset, transformSchema(dataset.schema()), spec(), facts, fault);
    }

    private static Dataset<Row> scoreChecked(Dataset<?> dataset, StructType out, ScoringSpec spec,
            CollectionAccumulator<ExecutorFacts> facts, TaskFault fault) {
        return dataset.toDF().mapPartitions(new PartitionScorer(spec, dataset.schema(), facts, fault),
                Encoders.row(out));
    }

    @Override
    public SaltSegmenter copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** Spark ML's reader for saved segmenters (what {@code Pipeline} loading calls). */
    public static MLReader<SaltSegmenter> read() {
        return READABLE.read();
    }

    /** Loads a segmenter saved with {@link #save(String)}. */
    public static SaltSegmenter load(String path) {
        return READABLE.load(path);
    }

    /** The parameters as the tasks need them. @throws IllegalArgumentException when the models are unset */
    ScoringSpec spec() {
        if (!isDefined(modelsPath)) {
            throw new IllegalArgumentException("SaltSegmenter: modelsPath is not set (the folder holding "
                    + EnsembleManifest.FILE_NAME + ")");
        }
        String graphChoice = $(graphs);
        Boolean fused = graphChoice.equals("auto") ? null : Boolean.valueOf(graphChoice.equals("fused"));
        Double thresholdValue = isDefined(threshold) ? (Double) $(threshold) : null;
        ScoringSpec spec = new ScoringSpec($(modelsPath), $(device), (Integer) $(threadsPerTask),
                (Integer) $(batchSize), fused, thresholdValue, OnError.parse($(onError)), $(inputCol), $(pathCol),
                !$(probabilityCol).isEmpty(), $(precision));
        spec.ensembleOptions(); // rejects contradictory settings here, not in every task
        return spec;
    }

    private List<StructField> outputFields() {
        List<StructField> fields = new java.util.ArrayList<>();
        fields.add(DataTypes.createStructField($(idCol), DataTypes.StringType, true));
        fields.add(DataTypes.createStructField($(rleCol), DataTypes.StringType, true));
        fields.add(DataTypes.createStructField($(saltPixelsCol), DataTypes.IntegerType, true));
        fields.add(DataTypes.createStructField($(meanProbabilityCol), DataTypes.DoubleType, true));
        if (!$(probabilityCol).isEmpty()) {
            fields.add(DataTypes.createStructField($(probabilityCol), DataTypes.BinaryType, true));
        }
        fields.add(DataTypes.createStructField($(errorCol), DataTypes.StringType, true));
        return fields;
    }

    private static void requireColumn(StructType schema, String name, DataType type) {
        if (!List.of(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("SaltSegmenter: no input column '" + name + "' among "
                    + List.of(schema.fieldNames()));
        }
        DataType found = schema.apply(name).dataType();
        if (!found.equals(type)) {
            throw new IllegalArgumentException("SaltSegmenter: input column '" + name + "' is "
                    + found.simpleString() + ", expected " + type.simpleString());
        }
    }

    /**
     * Checks on the driver the manifest and the digest of every graph it lists.
     *
     * @throws org.tgssalt.manifest.ManifestException naming the file: missing, not a manifest, changed
     * @throws IllegalArgumentException when {@link #modelsPath()} is unset
     */
    void checkModels(SparkSession spark) {
        String models = spec().models();
        try (ModelLocation.Local local = ModelLocation.resolve(models, spark.sparkContext().hadoopConfiguration())) {
            try {
                EnsembleManifest.read(local.manifest());
            } catch (RuntimeException e) {
                throw local.named(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the models at " + models + ": " + e.getMessage(), e);
        }
    }

    private static boolean validDevice(String value) {
        try {
            ExecutionDevice.parse(value.toLowerCase(Locale.ROOT));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

package org.tgssalt.spark;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.tgssalt.cli.Command;
import org.tgssalt.cli.TypedOptions;
import org.tgssalt.cli.UsageException;
import org.tgssalt.ensemble.EnsembleOptions;
import org.tgssalt.scoring.OnError;
import org.tgssalt.scoring.ScoreCommand;

/**
 * {@code ./tgs spark-score}: scores a folder or glob of images on Spark into a Kaggle submission, on one
 * machine ({@code --master local[N]}) or, through {@link SparkScoreMain} under {@code spark-submit}, on a
 * cluster. The options are {@code score}'s where they mean the same; {@code --threads} counts per task.
 *
 * <p>This class touches no Spark type, so that the launcher can list it without Spark on the class path;
 * {@link SparkScoreRun} does the work.
 */
public final class SparkScoreCommand implements Command {
    @Override
    public String name() {
        return "spark-score";
    }

    @Override
    public String summary() {
        return "score images on Apache Spark (local[N] or a cluster) into a submission CSV";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(arg("master", "URL", "Spark master, e.g. local[2] (default: spark-submit's --master, else local[*])"));
        o.addOption(arg("models", "DIR", "ensemble folder (or ensemble.json) as a Hadoop path (file:, hdfs:, ...), "
                + "or sparkfiles:NAME for files shipped with spark-submit --files/--archives", true));
        o.addOption(arg("images", "DIR_OR_GLOB", "folder of 101x101 PNGs, or a glob of them, as a Hadoop path", true));
        o.addOption(arg("out", "FILE", "submission CSV to write on the driver; the report goes beside it", true));
        o.addOption(TypedOptions.of("partitions", "P", Integer.class,
                "partitions to score in (default: Spark's split of the files)"));
        o.addOption(arg("on-error", "fail|skip", "bad image: fail the job, writing nothing (fail, default), or skip "
                + "it and list it in the report"));
        o.addOption(arg("parquet", "DIR", "also write Parquet (id, rle_mask, salt_fraction) to this Hadoop folder"));
        return ScoreCommand.addEnsembleOptions(o, "ONNX Runtime intra-op threads per task (default 1)");
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws Exception {
        Arguments arguments = arguments(line);
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkScoreCommand.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Spark is not on the class path: run spark-score through ./tgs "
                    + "(which adds Spark) or spark-submit with the submit jar (see the README)", e);
        }
        return SparkScoreRun.run(arguments, out);
    }

    /**
     * The command line as plain values.
     *
     * @param master Spark master URL, or null
     * @param models the models' location
     * @param images the images' folder or glob
     * @param submission the CSV to write
     * @param parquet Parquet folder or null
     * @param partitions partitions, 0 for Spark's split
     * @param onError the bad-image policy
     * @param batch images per graph call
     * @param threads intra-op threads per task
     * @param device {@code auto}, {@code cpu}, {@code cuda[:N]}
     * @param graphs {@code auto}, {@code fused} or {@code separate}
     * @param threshold mask threshold or null
     * @param precision {@code fp32} or {@code int8}
     */
    record Arguments(String master, String models, String images, Path submission, String parquet, int partitions,
            OnError onError, int batch, int threads, String device, String graphs, Double threshold,
            String precision) {
        /** Arguments of the float32 graphs. */
        Arguments(String master, String models, String images, Path submission, String parquet, int partitions,
                OnError onError, int batch, int threads, String device, String graphs, Double threshold) {
            this(master, models, images, submission, parquet, partitions, onError, batch, threads, device, graphs,
                    threshold, "fp32");
        }
    }

    /** @throws UsageException for a bad value */
    static Arguments arguments(CommandLine line) {
        // The options spark-score shares with score, read and bounded as score reads them.
        EnsembleOptions ensemble = ScoreCommand.ensembleOptions(line, true);
        OnError onError;
        try {
            onError = OnError.parse(line.getOptionValue("on-error", "fail"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--on-error " + e.getMessage());
        }
        int partitions = positive(line, "partitions", 0);
        // Per task, 0 (all cores) is refused: every task of an executor would claim every core.
        int threads = positive(line, "threads", 1);
        String graphs = ensemble.fused() == null ? "auto" : ensemble.fused() ? "fused" : "separate";
        return new Arguments(line.getOptionValue("master"), line.getOptionValue("models"), line.getOptionValue("images"),
                Path.of(line.getOptionValue("out")), line.getOptionValue("parquet"), partitions, onError,
                ensemble.batchSize(), threads, line.getOptionValue("device", "auto"), graphs, ensemble.threshold(),
                ensemble.precision().text());
    }

    private static int positive(CommandLine line, String name, int fallback) {
        int value = TypedOptions.<Integer>value(line, name, fallback);
        if (line.hasOption(name) && value < 1) {
            throw new UsageException("--" + name + " must be at least 1, got " + value);
        }
        return value;
    }

    private static Option arg(String name, String argName, String description) {
        return arg(name, argName, description, false);
    }

    private static Option arg(String name, String argName, String description, boolean required) {
        return Option.builder().longOpt(name).hasArg().argName(argName).desc(description).required(required).get();
    }
}

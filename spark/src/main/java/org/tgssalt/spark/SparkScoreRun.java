package org.tgssalt.spark;

import java.io.PrintStream;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.tgssalt.cli.ExitCode;

/**
 * The Spark side of {@link SparkScoreCommand}: starts (or joins) the session, scores, prints the summary.
 * A session this run started is stopped at the end; one that was running already (a caller's) is left alone.
 */
final class SparkScoreRun {
    private SparkScoreRun() {}

    static int run(SparkScoreCommand.Arguments options, PrintStream out) throws Exception {
        // new SparkConf() reads the spark.* system properties, which spark-submit sets (its --master among them).
        SparkConf conf = new SparkConf().setAppName("tgs spark-score");
        if (options.master() != null) {
            conf.setMaster(options.master());
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (conf.get("spark.master").startsWith("local")) {
            // One machine: stay on the loopback interface, whatever the host name resolves to.
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
        }
        boolean joined = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            SaltSegmenter segmenter = new SaltSegmenter().setBatchSize(options.batch())
                    .setThreadsPerTask(options.threads()).setDevice(options.device()).setGraphs(options.graphs())
                    .setPrecision(options.precision());
            if (options.threshold() != null) {
                segmenter.setThreshold(options.threshold());
            }
            SparkScoreSettings settings = new SparkScoreSettings(options.models(), options.images(),
                    options.submission(), options.parquet(), options.partitions(), options.onError(), segmenter);
            SparkScoreReport report = new SparkScorer(spark).score(settings);
            out.printf(Locale.ROOT, "scored %d images on %s in %.1f s (%.2f images/s), %d executors, %d partitions: %s%n",
                    report.score().scored(), report.score().device(), report.score().wallSeconds(),
                    report.score().imagesPerSecond(), report.executors(), report.partitions(),
                    report.score().submission());
            out.println("ONNX Runtime " + report.score().onnxRuntime().describe());
            out.printf(Locale.ROOT, "%d empty masks, %d skipped; report %s%s%n", report.score().emptyMasks(),
                    report.score().skipped().size(), settings.report(),
                    options.parquet() == null ? "" : "; Parquet " + options.parquet());
            return ExitCode.OK;
        } finally {
            if (!joined) {
                spark.stop();
            }
        }
    }
}

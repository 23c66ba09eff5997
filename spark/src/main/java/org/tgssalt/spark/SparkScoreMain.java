package org.tgssalt.spark;

import java.util.List;
import org.tgssalt.cli.ExitCode;
import org.tgssalt.cli.Launcher;

/**
 * The main class of {@code spark-score}, for {@code ./tgs spark-score} and for {@code spark-submit} (the
 * submit jar names it as its {@code Main-Class}): the arguments are {@code spark-score}'s options.
 *
 * <pre>{@code
 * spark-submit --master yarn --deploy-mode client tgs-spark-0.1.0-SNAPSHOT-submit.jar \
 *     --models hdfs:///tgs/models --images 'hdfs:///tgs/test/images' --out submission.csv
 * }</pre>
 *
 * <p>Returns normally on success, so that Spark ends the application its own way in every deploy mode;
 * exits with the launcher's code (1 failure, 2 usage) otherwise.
 */
public final class SparkScoreMain {
    private SparkScoreMain() {}

    /** Runs {@code spark-score} with {@code args}. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        String[] line = new String[args.length + 1];
        line[0] = "spark-score";
        System.arraycopy(args, 0, line, 1, args.length);
        int code = new Launcher(List.of(new SparkScoreCommand()), System.out, System.err).run(line);
        if (code != ExitCode.OK) {
            // A failed job leaves other tasks of this JVM (local mode) running, possibly inside ONNX Runtime;
            // exiting under them crashed the process (SIGSEGV in OrtSession.createSession, exit 134). Close
            // this JVM's ensembles first: that waits for an open or a graph call in progress.
            ExecutorEnsembles.closeAll();
            System.exit(code);
        }
    }
}

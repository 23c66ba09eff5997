package org.tgssalt.spark;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.tgssalt.ensemble.EnsembleOptions;
import org.tgssalt.ensemble.FoldEnsemble;
import scala.Tuple2;

/**
 * The ensembles of this JVM: each (models, options) pair is opened once, lazily, by the first task that
 * needs it, and reused by every later task and partition on this executor; all are closed at JVM exit.
 * Opening runs the manifest's SHA-256 checks on this JVM's copy of the files.
 *
 * <p>State is per process on purpose: Spark gives a task no executor-wide object of its own, and an
 * executor JVM runs many tasks, concurrently and one after another. Thread-safe; tasks that ask while
 * an ensemble opens wait for it.
 */
final class ExecutorEnsembles {
    private static final System.Logger LOG = System.getLogger(ExecutorEnsembles.class.getName());
    /** How long closing at exit waits for a task still inside a graph call. */
    private static final long CLOSE_WAIT_SECONDS = 10;

    /** One ensemble's identity: where its files are and how it runs. */
    private record Key(String models, EnsembleOptions options) {}

    // Guarded by the class lock.
    private static final Map<Key, SharedEnsemble> OPEN = new HashMap<>();
    private static int opened;
    private static boolean closeAtExit;
    private static boolean shuttingDown;

    private ExecutorEnsembles() {}

    /**
     * The ensemble {@code spec} asks for, opened on first use.
     *
     * @throws org.tgssalt.manifest.ManifestException when the models are missing, changed or unusable
     */
    static synchronized SharedEnsemble get(ScoringSpec spec) throws IOException {
        EnsembleOptions options = spec.ensembleOptions();
        Key key = new Key(spec.models(), options);
        SharedEnsemble shared = OPEN.get(key);
        if (shared != null) {
            return shared;
        }
        if (shuttingDown) {
            throw new IllegalStateException("the executor JVM is shutting down: no ensemble is opened any more");
        }
        // The hook goes in before the first open: a driver that fails fast (a bad image in another task) exits
        // while this task may still be inside ONNX Runtime's session creation, and the process must not unload
        // the native library under it (measured: SIGSEGV in OrtSession.createSession at exit). The hook takes
        // the class lock, so it waits for an open in progress, then closes what was opened.
        if (!closeAtExit) {
            Runtime.getRuntime().addShutdownHook(new Thread(ExecutorEnsembles::closeAll, "tgs-close-ensembles"));
            closeAtExit = true;
        }
        ModelLocation.Local models = ModelLocation.resolve(spec.models(), hadoopConfiguration());
        FoldEnsemble ensemble;
        try {
            ensemble = FoldEnsemble.open(models.manifest(), options);
        } catch (RuntimeException e) {
            models.close();
            throw models.named(e);
        }
        shared = new SharedEnsemble(ensemble, models);
        OPEN.put(key, shared);
        opened++;
        return shared;
    }

    /** How many ensembles this JVM has opened so far (tests count them). */
    static synchronized int opened() {
        return opened;
    }

    /**
     * The Hadoop settings of this executor: Hadoop's defaults and site files plus the {@code spark.hadoop.*}
     * settings of the application, as Spark's own readers see them.
     */
    static Configuration hadoopConfiguration() {
        Configuration conf = new Configuration();
        SparkEnv env = SparkEnv.get();
        if (env != null) {
            for (Tuple2<String, String> setting : env.conf().getAllWithPrefix("spark.hadoop.")) {
                conf.set(setting._1(), setting._2());
            }
        }
        return conf;
    }

    /**
     * Closes every ensemble of this JVM and opens no more: waits for an open in progress (the class lock) and
     * for graph calls in progress (up to {@value #CLOSE_WAIT_SECONDS} s each). Runs at exit, and before a failed
     * driver exits.
     */
    static void closeAll() {
        List<SharedEnsemble> all;
        synchronized (ExecutorEnsembles.class) {
            shuttingDown = true;
            all = new ArrayList<>(OPEN.values());
            OPEN.clear();
        }
        for (SharedEnsemble shared : all) {
            try {
                if (!shared.close(CLOSE_WAIT_SECONDS)) {
                    LOG.log(Level.WARNING, "a task was still scoring after " + CLOSE_WAIT_SECONDS
                            + " s at exit; its ensemble is left to the exiting process");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "closing an ensemble at exit failed: " + e.getMessage());
            }
        }
    }
}

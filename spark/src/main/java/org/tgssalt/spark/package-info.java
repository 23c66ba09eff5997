/**
 * Scoring on Apache Spark: the fold ensemble runs on a cluster's executors, one copy per executor JVM.
 *
 * <ul>
 *   <li>{@link org.tgssalt.spark.SaltSegmenter}: a Spark ML {@code Transformer} from the {@code content} and
 *       {@code path} columns of Spark's {@code binaryFile} source to id, run-length mask, salt pixel count and
 *       mean probability; saves and loads like any Spark ML stage.</li>
 *   <li>{@link org.tgssalt.spark.SparkScorer}: a folder or glob of PNGs into a Kaggle submission, the JSON
 *       report of {@code score} plus executors and partitions, optionally Parquet; the API behind
 *       {@code spark-score} ({@link org.tgssalt.spark.SparkScoreCommand}, {@link org.tgssalt.spark.SparkScoreMain}
 *       under {@code spark-submit}).</li>
 *   <li>Package-private: the executor side ({@code PartitionScorer}, {@code ScoredRows}, {@code ExecutorEnsembles},
 *       {@code SharedEnsemble}), where the models come from ({@code ModelLocation}) and the driver's listing of
 *       the images under {@code score}'s rules ({@code ImageListing}) and their reading in equal partitions
 *       ({@code ImageReads}).</li>
 * </ul>
 *
 * <p>Spark itself is not a dependency of this package at run time: the cluster brings it (Maven scope
 * {@code provided}); the submit jar holds this package, the runtime and ONNX Runtime.
 */
package org.tgssalt.spark;

package org.tgssalt.spark;

import java.io.IOException;
import java.net.URI;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.tgssalt.InputException;

/**
 * The listed images as rows of {@code path} (the URI) and {@code content} (the file's bytes), the two
 * columns of Spark's {@code binaryFile} source that {@link SaltSegmenter} reads, in partitions of equal
 * image counts (within one).
 *
 * <p>Why not {@code binaryFile} itself: it packs files into partitions by bytes, counting each small file
 * as {@code spark.sql.files.openCostInBytes} (4 MiB), so 100 images became partitions of 31, 31, 31 and 7
 * and, on two task slots, the last 31 ran alone on one core while the other idled (measured: 0.58x the
 * images/s of {@code score}). Scoring costs the same per image, so equal counts balance the slots. It also
 * reads each URI as a path, never as a glob (a file named {@code a[1].png} is one file).
 */
final class ImageReads {
    private ImageReads() {}

    /** The schema of the rows: {@code path} (URI), {@code content} (bytes). */
    static final StructType SCHEMA = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("content", DataTypes.BinaryType, true);

    /**
     * The images at {@code uris} in {@code partitions} slices of consecutive URIs, equal in count within one
     * (Spark's {@code parallelize} slicing), read lazily by the tasks through Hadoop's file systems.
     */
    static Dataset<Row> rows(SparkSession spark, List<String> uris, int partitions) {
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(uris, partitions).mapPartitions(new Reader()), SCHEMA);
    }

    /** Reads one partition's files, with one Hadoop configuration per partition. */
    private static final class Reader implements FlatMapFunction<Iterator<String>, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Row> call(Iterator<String> uris) {
            Configuration conf = ExecutorEnsembles.hadoopConfiguration();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return uris.hasNext();
                }

                @Override
                public Row next() {
                    String uri = uris.next();
                    return RowFactory.create(uri, read(uri, conf));
                }
            };
        }
    }

    /**
     * The bytes of the file at {@code uri}.
     *
     * @throws InputException naming the file when it cannot be read (removed since the listing, unreadable)
     */
    static byte[] read(String uri, Configuration conf) {
        Path path = new Path(URI.create(uri));
        try {
            FileSystem fs = path.getFileSystem(conf);
            try (FSDataInputStream in = fs.open(path)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new InputException(uri, "cannot read the image: " + e.getMessage(), e);
        }
    }

    /** Partitions for {@code images} images on {@code slots} task slots when none were asked for. */
    static int defaultPartitions(int images, int slots) {
        // Four waves: equal counts already balance equal slots; more, smaller tasks also absorb a slower
        // executor or the first task's wait while its executor opens the ensemble.
        return Math.max(1, Math.min(images, 4 * Math.max(1, slots)));
    }
}

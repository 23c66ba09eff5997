package org.tgssalt.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tgssalt.io.Sha256;
import org.tgssalt.manifest.ManifestException;
import org.tgssalt.scoring.OnError;

/**
 * Models and images on HDFS (Hadoop's MiniDFSCluster, one name node and one data node in this JVM): the
 * models are copied to each JVM's disk and checked there, the images read by Spark's binaryFile source,
 * and the submission is {@code score}'s for the same files.
 */
class HdfsScoringTest {
    private static MiniDFSCluster hdfs;
    private static FileSystem fs;
    private static String root;
    private static SparkSession spark;
    private static Path models;
    private static Path images;

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        models = SparkFixtures.writeRampModels(shared.resolve("models"));
        images = SparkFixtures.copyImages(SparkFixtures.SAMPLE_IMAGES, shared.resolve("images"), 10);
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, shared.resolve("hdfs").toString());
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        fs = hdfs.getFileSystem();
        root = fs.getUri() + "/tgs";
        fs.copyFromLocalFile(false, new org.apache.hadoop.fs.Path(models.toUri()), new org.apache.hadoop.fs.Path(root + "/models"));
        fs.mkdirs(new org.apache.hadoop.fs.Path(root + "/images"));
        try (var files = Files.list(images)) {
            for (Path png : files.toList()) {
                fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(png.toUri()),
                        new org.apache.hadoop.fs.Path(root + "/images/" + png.getFileName()));
            }
        }
        spark = SparkFixtures.session();
    }

    @AfterAll
    static void stop() {
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    private SparkScoreSettings settings(String modelsPath, String imagesPath) {
        return new SparkScoreSettings(modelsPath, imagesPath, dir.resolve("spark/submission.csv"), null, 2,
                OnError.FAIL, new SaltSegmenter().setDevice("cpu"));
    }

    @Test
    void modelsAndImagesFromHdfsGiveScoresSubmission() throws Exception {
        byte[] expected = SparkFixtures.scoreCsv(models, images, dir, OnError.FAIL);
        SparkScoreReport report = new SparkScorer(spark).score(settings(root + "/models", root + "/images/*.png"));
        assertArrayEquals(expected, Files.readAllBytes(dir.resolve("spark/submission.csv")));
        assertEquals(10, report.score().scored());
    }

    @Test
    void aChangedGraphOnHdfsIsNamedByItsHdfsPath() throws IOException {
        String bad = root + "/bad-models";
        fs.copyFromLocalFile(false, new org.apache.hadoop.fs.Path(models.toUri()), new org.apache.hadoop.fs.Path(bad));
        byte[] graph = Files.readAllBytes(models.resolve("fold-2.onnx"));
        graph[graph.length - 1] ^= 1;
        try (FSDataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(bad + "/fold-2.onnx"), true)) {
            out.write(graph);
        }
        ManifestException e = assertThrows(ManifestException.class,
                () -> new SparkScorer(spark).score(settings(bad, root + "/images")));
        assertEquals(bad + "/fold-2.onnx: SHA-256 " + Sha256.of(graph) + " does not match the manifest's "
                + Sha256.ofFile(models.resolve("fold-2.onnx")) + " (the file changed after export)", e.getMessage());
    }
}

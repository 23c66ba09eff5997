package org.tgssalt.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkFiles;
import org.tgssalt.InputException;
import org.tgssalt.manifest.EnsembleManifest;
import org.tgssalt.manifest.FoldGraph;
import org.tgssalt.manifest.ManifestException;

/**
 * Where an ensemble's files are, as {@link SaltSegmenter#modelsPath()} names them, and how one JVM gets
 * them onto its local disk for {@link org.tgssalt.ensemble.FoldEnsemble#open}:
 * <ul>
 *   <li>{@code sparkfiles:NAME}: shipped with {@code spark-submit --files} or {@code --archives}, found
 *       with {@link SparkFiles#get(String)} on each JVM. NAME is an archive's folder
 *       ({@code --archives models.zip#models} -> {@code sparkfiles:models}) or a manifest file;
 *       {@code sparkfiles:} alone is the folder where {@code --files} puts every file.</li>
 *   <li>anything else: a Hadoop path ({@code file:}, {@code hdfs:}, ..., or a path on the default file
 *       system), a folder holding {@code ensemble.json} or the manifest itself. A local file system is
 *       read in place; from any other the manifest and the graphs it lists are copied into a local
 *       temporary folder, and errors found in the copy name the remote files.</li>
 * </ul>
 * Checking the digests is left to the caller ({@link EnsembleManifest#read}, {@code FoldEnsemble.open}).
 */
final class ModelLocation {
    /** The prefix of a location among the files that {@code spark-submit} shipped. */
    static final String SPARK_FILES = "sparkfiles:";

    private ModelLocation() {}

    /**
     * The ensemble on this JVM's disk.
     *
     * @param manifest the local {@code ensemble.json} (or whatever the manifest is called)
     * @param copy the temporary folder holding a copy, or null when the files are read in place
     * @param remote the folder the copy came from, or null
     */
    record Local(Path manifest, Path copy, String remote) implements AutoCloseable {
        /** An error about a file of the copy, renamed to the remote file; other errors unchanged. */
        RuntimeException named(RuntimeException e) {
            if (copy != null && e instanceof InputException input && input.source().startsWith(copy.toString())) {
                String file = remote + input.source().substring(copy.toString().length());
                String problem = e.getMessage().substring(input.source().length() + 2);
                return new ManifestException(file, problem, e);
            }
            return e;
        }

        /** Deletes the copy, if there is one. */
        @Override
        public void close() {
            if (copy == null) {
                return;
            }
            try (Stream<Path> files = Files.walk(copy)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the model copy " + copy, e);
            }
        }
    }

    /**
     * Finds or copies the ensemble named by {@code location}; the caller closes the result.
     *
     * @throws ManifestException when the location does not exist or the manifest cannot be read (naming
     *     the remote file for a copy)
     */
    static Local resolve(String location, Configuration hadoop) throws IOException {
        if (location.startsWith(SPARK_FILES)) {
            String name = location.substring(SPARK_FILES.length());
            Path local = Path.of(name.isEmpty() ? SparkFiles.getRootDirectory() : SparkFiles.get(name));
            return new Local(manifestOf(local), null, null);
        }
        org.apache.hadoop.fs.Path given = new org.apache.hadoop.fs.Path(location);
        FileSystem fs = given.getFileSystem(hadoop);
        if ("file".equals(fs.getUri().getScheme())) {
            return new Local(manifestOf(Path.of(fs.makeQualified(given).toUri())), null, null);
        }
        FileStatus status;
        try {
            status = fs.getFileStatus(given);
        } catch (FileNotFoundException e) {
            throw new ManifestException(location, "no such folder or manifest", e);
        }
        org.apache.hadoop.fs.Path remoteManifest = status.isDirectory()
                ? new org.apache.hadoop.fs.Path(status.getPath(), EnsembleManifest.FILE_NAME) : status.getPath();
        org.apache.hadoop.fs.Path remoteDir = remoteManifest.getParent();
        Path copy = Files.createTempDirectory("tgs-models-");
        Local local = new Local(copy.resolve(remoteManifest.getName()), copy, remoteDir.toString());
        try {
            fetch(fs, remoteManifest, local.manifest());
            EnsembleManifest manifest = EnsembleManifest.parse(local.manifest());
            for (String file : graphFiles(manifest)) {
                fetch(fs, new org.apache.hadoop.fs.Path(remoteDir, file), copy.resolve(file));
            }
            return local;
        } catch (IOException e) {
            deleteAfterFailure(local, e);
            throw e;
        } catch (RuntimeException e) {
            deleteAfterFailure(local, e);
            throw local.named(e);
        }
    }

    private static void deleteAfterFailure(Local local, Exception failure) {
        try {
            local.close();
        } catch (RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    /** The manifest of a local folder ({@code ensemble.json} in it) or the file itself. */
    private static Path manifestOf(Path local) {
        return Files.isDirectory(local) ? local.resolve(EnsembleManifest.FILE_NAME) : local;
    }

    private static List<String> graphFiles(EnsembleManifest manifest) {
        List<String> files = new ArrayList<>();
        for (FoldGraph fold : manifest.folds()) {
            files.add(fold.file());
        }
        if (manifest.fused() != null) {
            files.add(manifest.fused().file());
        }
        // The int8 graphs travel too: the manifest checks their digests on reading, whichever precision runs.
        if (manifest.int8() != null) {
            manifest.int8().folds().forEach(f -> files.add(f.file()));
            if (manifest.int8().fused() != null) {
                files.add(manifest.int8().fused().file());
            }
        }
        return files;
    }

    /** Copies one file; a missing one is left missing, for the manifest check to report by its role. */
    private static void fetch(FileSystem fs, org.apache.hadoop.fs.Path from, Path to) throws IOException {
        try {
            // The raw local file system writes no .crc files beside the copy.
            fs.copyToLocalFile(false, from, new org.apache.hadoop.fs.Path(to.toUri()), true);
        } catch (FileNotFoundException e) {
            // reported by the check that follows, under the file's role ("fold 3", "fused graph")
        }
    }
}

package org.tgssalt.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobPattern;
import org.apache.hadoop.fs.Path;
import org.tgssalt.InputException;
import org.tgssalt.scoring.ImageFolder;

/**
 * The images to score, listed on the driver under {@code score}'s rules ({@link ImageFolder}: every entry
 * named {@code *.png} is scored or reported, with the same reasons and messages). A folder on the local
 * file system is listed by exactly {@code score}'s code, {@link ImageFolder#list(java.nio.file.Path)}; a
 * folder on another Hadoop file system ({@code hdfs:///tgs/test/images}) or a glob
 * ({@code hdfs:///tgs/test/images/a*.png}, {@code /data/{1,2}/*.png}) is listed through Hadoop and each entry
 * described to {@link ImageFolder#of} or {@link ImageFolder#matching}. Not subfolders, as {@code score}.
 *
 * @param folder the classified listing; its locations name the images in reports and messages
 * @param uris for each of {@code folder.scorable()}, in the same order, the URI the tasks read it from
 */
record ImageListing(ImageFolder folder, List<String> uris) {
    ImageListing {
        uris = List.copyOf(uris);
        if (uris.size() != folder.scorable().size()) {
            throw new IllegalArgumentException(uris.size() + " URIs for " + folder.scorable().size() + " images");
        }
    }

    /** Where each scorable image is read from (URI) to how reports name it (the listing's location). */
    Map<String, String> locationsByUri() {
        Map<String, String> byUri = new LinkedHashMap<>();
        for (int i = 0; i < uris.size(); i++) {
            byUri.put(uris.get(i), folder.scorable().get(i));
        }
        return byUri;
    }

    /**
     * Lists a folder or glob.
     *
     * @throws InputException naming the folder or glob (missing, not a folder, no PNG)
     * @throws IOException when Hadoop cannot list it
     */
    static ImageListing list(String folderOrGlob, Configuration hadoop) throws IOException {
        Path given = new Path(folderOrGlob);
        FileSystem fs = given.getFileSystem(hadoop);
        boolean local = "file".equals(fs.getScheme());
        if (isGlob(folderOrGlob)) {
            return of(ImageFolder.matching(folderOrGlob, matches(fs, given, local)), local);
        }
        if (local) {
            // score's own listing; a path without a scheme stays as given, so the messages match score's.
            java.nio.file.Path dir = given.toUri().getScheme() == null ? java.nio.file.Path.of(folderOrGlob)
                    : localPath(fs.makeQualified(given));
            return of(ImageFolder.list(dir), true);
        }
        FileStatus status;
        try {
            status = fs.getFileStatus(given);
        } catch (FileNotFoundException e) {
            throw new InputException(folderOrGlob, "no such folder", e);
        }
        if (!status.isDirectory()) {
            throw new InputException(folderOrGlob, "not a folder");
        }
        List<ImageFolder.Entry> entries = new ArrayList<>();
        for (FileStatus s : fs.listStatus(status.getPath())) {
            entries.add(entry(s));
        }
        return of(ImageFolder.of(folderOrGlob, entries), false);
    }

    /**
     * Every entry the glob matches, also those Hadoop's own {@code globStatus} drops (it leaves out a dangling
     * link, which {@code score} reports): the folders the glob's parent matches, listed, their entries' names
     * matched against its last part.
     */
    private static List<ImageFolder.Entry> matches(FileSystem fs, Path glob, boolean local) throws IOException {
        GlobPattern names = new GlobPattern(glob.getName());
        FileStatus[] folders = glob.getParent() == null ? null : fs.globStatus(glob.getParent());
        List<ImageFolder.Entry> entries = new ArrayList<>();
        for (FileStatus folder : folders == null ? new FileStatus[0] : folders) {
            if (!folder.isDirectory()) {
                continue;
            }
            if (local) {
                try (DirectoryStream<java.nio.file.Path> listing = Files.newDirectoryStream(localPath(folder.getPath()))) {
                    for (java.nio.file.Path entry : listing) {
                        if (names.matches(entry.getFileName().toString())) {
                            entries.add(ImageFolder.entry(entry));
                        }
                    }
                }
            } else {
                for (FileStatus s : fs.listStatus(folder.getPath())) {
                    if (names.matches(s.getPath().getName())) {
                        entries.add(entry(s));
                    }
                }
            }
        }
        return entries;
    }

    private static ImageListing of(ImageFolder folder, boolean local) {
        List<String> uris = new ArrayList<>(folder.scorable().size());
        for (String location : folder.scorable()) {
            uris.add(local ? java.nio.file.Path.of(location).toAbsolutePath().toUri().toString()
                    : new Path(location).toUri().toString());
        }
        return new ImageListing(folder, uris);
    }

    /** A Hadoop file status as a listing entry, located by its qualified path. */
    private static ImageFolder.Entry entry(FileStatus s) {
        String name = s.getPath().getName();
        String location = s.getPath().toString();
        if (s.isFile()) {
            return new ImageFolder.Entry(name, location, ImageFolder.Kind.FILE, null);
        }
        if (s.isDirectory()) {
            return new ImageFolder.Entry(name, location, ImageFolder.Kind.FOLDER, null);
        }
        // Hadoop lists a symbolic link it could not resolve as a link (HDFS resolves the others).
        if (s.isSymlink()) {
            String target;
            try {
                target = s.getSymlink().toString();
            } catch (IOException e) {
                target = null;
            }
            return new ImageFolder.Entry(name, location, ImageFolder.Kind.DANGLING_LINK, target);
        }
        return new ImageFolder.Entry(name, location, ImageFolder.Kind.OTHER, null);
    }

    private static java.nio.file.Path localPath(Path qualified) {
        return java.nio.file.Path.of(qualified.toUri());
    }

    private static boolean isGlob(String text) {
        return text.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }
}

package org.tgssalt.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tgssalt.InputException;

/**
 * The PNG files to score, listed on the driver through Hadoop's file systems: the {@code *.png} files of a
 * folder (not its subfolders, as {@code score} reads a folder), or the {@code *.png} files a glob matches
 * ({@code hdfs:///tgs/test/images/a*.png}, {@code /data/{1,2}/*.png}). Sorted by id; two files with one id
 * are refused, since a submission has one row per id.
 */
final class ImageListing {
    private ImageListing() {}

    /**
     * The qualified paths of the images, sorted by id.
     *
     * @throws InputException naming the folder or glob (missing, not a folder, no PNG) or a duplicate id
     */
    static List<String> list(String folderOrGlob, Configuration hadoop) throws IOException {
        Path given = new Path(folderOrGlob);
        FileSystem fs = given.getFileSystem(hadoop);
        List<FileStatus> found = new ArrayList<>();
        if (isGlob(folderOrGlob)) {
            FileStatus[] matches = fs.globStatus(given);
            for (FileStatus s : matches == null ? new FileStatus[0] : matches) {
                found.add(s);
            }
            found.removeIf(s -> !isPng(s));
            if (found.isEmpty()) {
                throw new InputException(folderOrGlob, "no .png images match");
            }
        } else {
            FileStatus status;
            try {
                status = fs.getFileStatus(given);
            } catch (FileNotFoundException e) {
                throw new InputException(folderOrGlob, "no such folder", e);
            }
            if (!status.isDirectory()) {
                throw new InputException(folderOrGlob, "not a folder");
            }
            for (FileStatus s : fs.listStatus(status.getPath())) {
                if (isPng(s)) {
                    found.add(s);
                }
            }
            if (found.isEmpty()) {
                throw new InputException(folderOrGlob, "empty folder: no .png images to score");
            }
        }
        found.sort((a, b) -> id(a).compareTo(id(b)));
        Map<String, String> seen = new HashMap<>();
        List<String> paths = new ArrayList<>(found.size());
        for (FileStatus s : found) {
            String path = s.getPath().toString();
            String other = seen.putIfAbsent(id(s), path);
            if (other != null) {
                throw new InputException(path, "duplicate id '" + id(s) + "' (also " + other
                        + "); a submission has one row per id");
            }
            paths.add(path);
        }
        return paths;
    }

    private static boolean isGlob(String text) {
        return text.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static boolean isPng(FileStatus s) {
        return s.isFile() && s.getPath().getName().toLowerCase(Locale.ROOT).endsWith(".png");
    }

    private static String id(FileStatus s) {
        String name = s.getPath().getName();
        return name.substring(0, name.length() - ".png".length());
    }
}

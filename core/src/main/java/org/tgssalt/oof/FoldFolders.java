package org.tgssalt.oof;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tgssalt.InputException;

/** The {@code fold-K} folders (K = 1, 2, ...) that {@code ./tgs train} writes into its output folder. */
public final class FoldFolders {
    private static final Pattern FOLD_DIR = Pattern.compile("fold-([1-9][0-9]*)");

    private FoldFolders() {
    }

    /**
     * The fold folders of a training run, by fold number.
     *
     * @param checkpoints the training output folder
     * @throws InputException naming the folder when it is not one or holds no fold folders
     */
    public static SortedMap<Integer, Path> in(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            throw new InputException(checkpoints.toString(), "not a folder (expected the output folder of ./tgs train)");
        }
        SortedMap<Integer, Path> folds = new TreeMap<>();
        try (Stream<Path> children = Files.list(checkpoints)) {
            for (Path child : children.toList()) {
                Matcher m = FOLD_DIR.matcher(child.getFileName().toString());
                if (m.matches() && Files.isDirectory(child)) {
                    folds.put(Integer.parseInt(m.group(1)), child);
                }
            }
        }
        if (folds.isEmpty()) {
            throw new InputException(checkpoints.toString(),
                    "no fold-K checkpoint folders (expected fold-1, fold-2, ... written by ./tgs train)");
        }
        return Collections.unmodifiableSortedMap(folds);
    }
}

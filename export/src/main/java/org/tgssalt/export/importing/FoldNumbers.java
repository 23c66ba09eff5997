package org.tgssalt.export.importing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tgssalt.InputException;

/**
 * The fold number of each imported graph: from the file names when every name carries one
 * ({@code fold-3.onnx}, {@code model_fold3.onnx}, {@code Fold_3.onnx}; 0-based names, {@code fold0} ..
 * {@code fold9}, count from 1 like every fold here), else the order the files were given in (1, 2, ...).
 */
public final class FoldNumbers {
    private static final Pattern FOLD = Pattern.compile("(?i)fold[-_ ]?([0-9]{1,4})");

    private FoldNumbers() {
    }

    /**
     * @param files the graphs, in the order given
     * @return fold number by file, in fold order
     * @throws InputException naming both files when two names carry the same number
     */
    public static Map<Integer, Path> of(List<Path> files) {
        List<Integer> fromNames = new ArrayList<>();
        for (Path f : files) {
            Matcher m = FOLD.matcher(f.getFileName().toString());
            if (!m.find()) {
                fromNames = null;
                break;
            }
            fromNames.add(Integer.parseInt(m.group(1)));
        }
        Map<Integer, Path> folds = new java.util.TreeMap<>();
        if (fromNames == null) {
            for (int i = 0; i < files.size(); i++) {
                folds.put(i + 1, files.get(i));
            }
            return folds;
        }
        int shift = fromNames.contains(0) ? 1 : 0;
        Map<Integer, Path> seen = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            int k = fromNames.get(i) + shift;
            Path earlier = seen.put(k, files.get(i));
            if (earlier != null) {
                throw new InputException(files.get(i).toString(), "names fold " + fromNames.get(i) + " like " + earlier
                        + "; rename the files or pass them without fold numbers in their names");
            }
            folds.put(k, files.get(i));
        }
        return folds;
    }
}

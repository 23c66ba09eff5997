package org.tgssalt.scoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.tgssalt.InputException;

/** The PNG files of a folder to score, sorted by id (file name without {@code .png}). */
final class ImageFolder {
    private ImageFolder() {}

    /**
     * Lists {@code *.png} in {@code dir}, sorted by id.
     *
     * @throws InputException when the folder does not exist, is not a folder or holds no PNG
     */
    static List<Path> list(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            throw new InputException(dir.toString(), "no such folder");
        }
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir.toString(), "not a folder");
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            files = entries.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
                    .filter(Files::isRegularFile)
                    .sorted((a, b) -> id(a).compareTo(id(b)))
                    .toList();
        }
        if (files.isEmpty()) {
            throw new InputException(dir.toString(), "empty folder: no .png images to score");
        }
        return files;
    }

    /** The image's id: its file name without the {@code .png} extension. */
    static String id(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".png".length());
    }
}

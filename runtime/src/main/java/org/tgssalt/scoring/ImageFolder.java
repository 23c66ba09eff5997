package org.tgssalt.scoring;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tgssalt.InputException;
import org.tgssalt.dataset.SubmissionCsv;
import org.tgssalt.io.IoReason;

/**
 * The entries of a folder to score. Every entry named {@code *.png} (any case) is an image: either
 * one to score, or unusable with its reason, found here before any decoding or scoring: not a file
 * (a folder, a dangling symbolic link), an id the submission cannot hold (a comma, a quote, a line
 * break, blanks at either end), or an id that another entry has too ({@code x.png} beside
 * {@code x.PNG}). So images = scorable + unusable, and nothing is dropped without a word. Other
 * entries are not images; those with another image format's extension are named, so a user who
 * dropped in JPEGs hears that they were not scored.
 *
 * @param folder the folder as given
 * @param scorable the images to decode and score, sorted by id
 * @param unusable the images that cannot be scored, with reasons, sorted by file name
 * @param otherFormats names of entries with another image format's extension ({@code .jpg}, {@code .tif}, ...)
 */
record ImageFolder(Path folder, List<Path> scorable, List<SkippedImage> unusable, List<String> otherFormats) {
    private static final Set<String> OTHER_IMAGE_EXTENSIONS = Set.of(".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif",
            ".webp");

    ImageFolder {
        scorable = List.copyOf(scorable);
        unusable = List.copyOf(unusable);
        otherFormats = List.copyOf(otherFormats);
    }

    /** Every entry named {@code *.png}: scorable plus unusable. */
    int images() {
        return scorable.size() + unusable.size();
    }

    /**
     * Lists {@code dir}.
     *
     * @throws InputException when the folder does not exist, is not a folder, cannot be listed or has no {@code *.png} entry
     */
    static ImageFolder list(Path dir) {
        if (!Files.exists(dir)) {
            throw new InputException(dir.toString(), "no such folder");
        }
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir.toString(), "not a folder");
        }
        List<Path> pngs = new ArrayList<>();
        List<String> otherFormats = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (isPng(name)) {
                    pngs.add(entry);
                } else if (OTHER_IMAGE_EXTENSIONS.contains(extension(name))) {
                    otherFormats.add(name);
                }
            }
        } catch (IOException e) {
            throw new InputException(dir.toString(), "cannot list the folder: " + IoReason.of(e, dir), e);
        }
        if (pngs.isEmpty()) {
            throw new InputException(dir.toString(), "empty folder: no .png images to score");
        }
        pngs.sort(Comparator.comparing((Path p) -> id(p)).thenComparing(p -> p.getFileName().toString()));
        otherFormats.sort(null);

        Map<String, List<Path>> byId = new LinkedHashMap<>();
        for (Path png : pngs) {
            byId.computeIfAbsent(id(png), k -> new ArrayList<>()).add(png);
        }
        List<Path> scorable = new ArrayList<>();
        List<SkippedImage> unusable = new ArrayList<>();
        for (Path png : pngs) {
            String problem = problem(png, byId.get(id(png)));
            if (problem == null) {
                scorable.add(png);
            } else {
                unusable.add(new SkippedImage(png.toString(), problem));
            }
        }
        unusable.sort(Comparator.comparing(SkippedImage::file));
        return new ImageFolder(dir, scorable, unusable, otherFormats);
    }

    /** Why {@code png} cannot be scored, or null. */
    private static String problem(Path png, List<Path> sameId) {
        if (!Files.isRegularFile(png)) {
            if (Files.isSymbolicLink(png) && !Files.exists(png)) {
                return "dangling symbolic link (to " + linkTarget(png) + ")";
            }
            return Files.isDirectory(png) ? "a folder, not an image file" : "not a regular file";
        }
        String idProblem = SubmissionCsv.idProblem(id(png));
        if (idProblem != null) {
            return "file name cannot become a submission row: " + idProblem;
        }
        if (sameId.size() > 1) {
            List<String> others = sameId.stream().filter(p -> !p.equals(png)).map(p -> p.getFileName().toString())
                    .toList();
            return "id '" + id(png) + "' also belongs to " + String.join(", ", others)
                    + "; ids must be unique (rename or remove one)";
        }
        return null;
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "an unreadable target";
        }
    }

    private static boolean isPng(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".png");
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
    }

    /** The image's id: its file name without the {@code .png} extension (any case). */
    static String id(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".png".length());
    }
}

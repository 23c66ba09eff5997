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
 * <p>A local folder is listed by {@link #list(Path)}. Listings made elsewhere (Spark's
 * {@code spark-score} lists Hadoop file systems and globs) describe each entry as an {@link Entry} and
 * get the same rules and messages from {@link #of(String, List)} or {@link #matching(String, List)}.
 *
 * @param folder the folder (or glob) as given
 * @param scorable where the images to decode and score are, sorted by id: for a local folder the entry's
 *     {@link Path#toString()}, else the location its {@link Entry} gave
 * @param unusable the images that cannot be scored, with reasons, sorted by file (location)
 * @param otherFormats names of entries with another image format's extension ({@code .jpg}, {@code .tif}, ...)
 */
public record ImageFolder(String folder, List<String> scorable, List<SkippedImage> unusable,
        List<String> otherFormats) {
    private static final Set<String> OTHER_IMAGE_EXTENSIONS = Set.of(".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif",
            ".webp");

    /** The copies keep the listing immutable. */
    public ImageFolder {
        scorable = List.copyOf(scorable);
        unusable = List.copyOf(unusable);
        otherFormats = List.copyOf(otherFormats);
    }

    /** What a listed entry is, as far as scoring cares. */
    public enum Kind {
        /** A regular file (or a link to one). */
        FILE,
        /** A folder (or a link to one). */
        FOLDER,
        /** A symbolic link whose target does not exist. */
        DANGLING_LINK,
        /** Anything else: a device, a pipe, a socket. */
        OTHER
    }

    /**
     * One entry of a listing.
     *
     * @param name the entry's file name (last path element)
     * @param location where it is, as reports and messages name it (a path or a URI)
     * @param kind what it is
     * @param linkTarget for {@link Kind#DANGLING_LINK}, the link's target as written, or null when unreadable
     */
    public record Entry(String name, String location, Kind kind, String linkTarget) {}

    /** Every entry named {@code *.png}: scorable plus unusable. */
    public int images() {
        return scorable.size() + unusable.size();
    }

    /**
     * Lists the local folder {@code dir}.
     *
     * @throws InputException when the folder does not exist, is not a folder, cannot be listed or has no {@code *.png} entry
     */
    public static ImageFolder list(Path dir) {
        if (!Files.exists(dir)) {
            throw new InputException(dir.toString(), "no such folder");
        }
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir.toString(), "not a folder");
        }
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
            for (Path entry : listing) {
                entries.add(entry(entry));
            }
        } catch (IOException e) {
            throw new InputException(dir.toString(), "cannot list the folder: " + IoReason.of(e, dir), e);
        }
        return of(dir.toString(), entries);
    }

    /**
     * The local file {@code file} as an entry (its location is {@link Path#toString()}), links followed.
     */
    public static Entry entry(Path file) {
        String name = file.getFileName().toString();
        String location = file.toString();
        if (Files.isRegularFile(file)) {
            return new Entry(name, location, Kind.FILE, null);
        }
        if (Files.isDirectory(file)) {
            return new Entry(name, location, Kind.FOLDER, null);
        }
        if (Files.isSymbolicLink(file) && !Files.exists(file)) {
            return new Entry(name, location, Kind.DANGLING_LINK, linkTarget(file));
        }
        return new Entry(name, location, Kind.OTHER, null);
    }

    /**
     * The images among the entries of the folder {@code folder}, classified as {@link #list(Path)} does.
     *
     * @throws InputException naming {@code folder} when no entry is named {@code *.png}
     */
    public static ImageFolder of(String folder, List<Entry> entries) {
        return classify(folder, entries, "empty folder: no .png images to score");
    }

    /**
     * The images among the entries the glob {@code glob} matched, classified as {@link #list(Path)} does.
     *
     * @throws InputException naming {@code glob} when no entry is named {@code *.png}
     */
    public static ImageFolder matching(String glob, List<Entry> entries) {
        return classify(glob, entries, "no .png images match");
    }

    private static ImageFolder classify(String folder, List<Entry> entries, String noImages) {
        List<Entry> pngs = new ArrayList<>();
        List<String> otherFormats = new ArrayList<>();
        for (Entry entry : entries) {
            if (isPng(entry.name())) {
                pngs.add(entry);
            } else if (OTHER_IMAGE_EXTENSIONS.contains(extension(entry.name()))) {
                otherFormats.add(entry.name());
            }
        }
        if (pngs.isEmpty()) {
            throw new InputException(folder, noImages);
        }
        pngs.sort(Comparator.comparing((Entry e) -> id(e.name())).thenComparing(Entry::name)
                .thenComparing(Entry::location));
        otherFormats.sort(null);

        Map<String, List<Entry>> byId = new LinkedHashMap<>();
        for (Entry png : pngs) {
            byId.computeIfAbsent(id(png.name()), k -> new ArrayList<>()).add(png);
        }
        List<String> scorable = new ArrayList<>();
        List<SkippedImage> unusable = new ArrayList<>();
        for (Entry png : pngs) {
            String problem = problem(png, byId.get(id(png.name())));
            if (problem == null) {
                scorable.add(png.location());
            } else {
                unusable.add(new SkippedImage(png.location(), problem));
            }
        }
        unusable.sort(Comparator.comparing(SkippedImage::file));
        return new ImageFolder(folder, scorable, unusable, otherFormats);
    }

    /** Why {@code png} cannot be scored, or null. */
    private static String problem(Entry png, List<Entry> sameId) {
        switch (png.kind()) {
            case DANGLING_LINK:
                return "dangling symbolic link (to " + (png.linkTarget() == null ? "an unreadable target"
                        : png.linkTarget()) + ")";
            case FOLDER:
                return "a folder, not an image file";
            case OTHER:
                return "not a regular file";
            case FILE:
            default:
                break;
        }
        String idProblem = SubmissionCsv.idProblem(id(png.name()));
        if (idProblem != null) {
            return "file name cannot become a submission row: " + idProblem;
        }
        if (sameId.size() > 1) {
            // Named by file name when they differ (x.png, x.PNG); a glob over folders can match one name twice.
            List<String> others = sameId.stream().filter(e -> e != png)
                    .map(e -> e.name().equals(png.name()) ? e.location() : e.name()).toList();
            return "id '" + id(png.name()) + "' also belongs to " + String.join(", ", others)
                    + "; ids must be unique (rename or remove one)";
        }
        return null;
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return null;
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
        return id(file.getFileName().toString());
    }

    /** The id of the image file named {@code name}: the name without its {@code .png} extension (any case). */
    public static String id(String name) {
        return name.substring(0, name.length() - ".png".length());
    }
}

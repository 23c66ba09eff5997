package org.tgssalt.scoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.tgssalt.InputException;
import org.tgssalt.io.RealPath;
import org.tgssalt.io.StagedFolder;

/**
 * Refuses, before any work and without writing anything, outputs of a scoring run that would
 * overwrite its inputs or each other: an output folder that is the images folder or holds it or the
 * models, the overlays and probabilities in one folder, a submission (or its report) that is an input
 * file, lies in an output folder or would pass for an image. Paths are compared by where they really
 * point ({@link RealPath}: links resolved). Each message names both paths.
 */
final class OutputPathCheck {
    private final ScoreSettings settings;
    private final RealPath images;
    private final RealPath models;
    private final Map<RealPath, Path> inputFiles = new HashMap<>();

    private OutputPathCheck(ScoreSettings settings, ImageFolder folder) {
        this.settings = settings;
        this.images = RealPath.of(settings.images());
        this.models = RealPath.of(settings.manifest().toAbsolutePath().getParent());
        inputFiles.put(RealPath.of(settings.manifest()), settings.manifest());
        for (String location : folder.scorable()) {
            Path image = Path.of(location);
            inputFiles.put(RealPath.of(image), image);
        }
    }

    /**
     * Checks the outputs of {@code settings} against its inputs, each other and the file system.
     *
     * @throws InputException naming the output and the input or other output it collides with
     */
    static void check(ScoreSettings settings, ImageFolder folder) {
        new OutputPathCheck(settings, folder).run();
    }

    private void run() {
        RealPath probabilities = settings.probabilities() == null ? null : RealPath.of(settings.probabilities());
        RealPath overlays = settings.overlays() == null ? null : RealPath.of(settings.overlays());
        if (probabilities != null && probabilities.equals(overlays)) {
            throw new InputException(settings.overlays().toString(), "--overlays and --probabilities ("
                    + settings.probabilities() + ") are the same folder: one set would overwrite the other");
        }
        checkFolder("--probabilities", settings.probabilities(), probabilities);
        checkFolder("--overlays", settings.overlays(), overlays);
        checkFile("--out", settings.submission(), probabilities, overlays);
        checkFile("the report (beside --out)", settings.report(), probabilities, overlays);
        FolderScorer.checkWritable(settings.submission());
    }

    private void checkFolder(String option, Path given, RealPath folder) {
        if (folder == null) {
            return;
        }
        if (folder.equals(images)) {
            throw new InputException(given.toString(), option + " is the --images folder " + settings.images()
                    + ": the outputs would overwrite the images; choose another folder");
        }
        if (images.isWithin(folder)) {
            throw new InputException(given.toString(), option + " holds the --images folder " + settings.images()
                    + ", and the output folder is replaced as a whole; choose another folder");
        }
        if (models.isWithin(folder)) {
            throw new InputException(given.toString(), option + " holds the models (" + settings.manifest()
                    + "), and the output folder is replaced as a whole; choose another folder");
        }
        StagedFolder.check(given);
    }

    private void checkFile(String what, Path given, RealPath probabilities, RealPath overlays) {
        RealPath file = RealPath.of(given);
        Path input = inputFiles.get(file);
        if (input != null || file.isWithin(models) && Files.isRegularFile(file.path())) {
            throw new InputException(given.toString(), what + " is the input file " + (input != null ? input
                    : file) + ": writing it would overwrite the input; choose another file");
        }
        if (file.isWithin(images) && given.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new InputException(given.toString(), what + " is a .png name in the --images folder "
                    + settings.images() + ": the next run would take it for an image; choose another file");
        }
        refuseInside(what, given, file, "--probabilities", probabilities);
        refuseInside(what, given, file, "--overlays", overlays);
    }

    private static void refuseInside(String what, Path given, RealPath file, String option, RealPath folder) {
        if (folder != null && file.isWithin(folder)) {
            throw new InputException(given.toString(), what + " lies in the " + option + " folder " + folder
                    + ", which is replaced as one set; put it elsewhere");
        }
    }
}

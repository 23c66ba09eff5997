package org.tgssalt.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tgssalt.InputException;

/**
 * What runs left beside a {@link StagedFolder}'s target: {@code .NAME.staging-PID} and
 * {@code .NAME.previous-PID} folders, each with the process that made it. A leftover belongs to a
 * live run when that process still runs and started before the folder was last changed (a newer
 * process with a reused id does not count).
 */
final class StagingLeftovers {
    private static final String STAGING = "staging";
    private static final String PREVIOUS = "previous";

    /** One leftover folder. */
    private record Leftover(Path folder, String kind, long pid) {
        boolean live() {
            // This process has no other StagedFolder on the same target, so its own leftovers are dead.
            return pid != ProcessHandle.current().pid() && LeftoverOwner.mayBeLive(pid, folder);
        }
    }

    private final Path target;
    private final List<Leftover> leftovers;

    private StagingLeftovers(Path target, List<Leftover> leftovers) {
        this.target = target;
        this.leftovers = leftovers;
    }

    /** The staging folder of process {@code pid} for {@code target}. */
    static Path stagingOf(Path target, long pid) {
        return sibling(target, STAGING, pid);
    }

    /** The folder holding {@code target}'s earlier set while process {@code pid} swaps it. */
    static Path previousOf(Path target, long pid) {
        return sibling(target, PREVIOUS, pid);
    }

    private static Path sibling(Path target, String kind, long pid) {
        return target.resolveSibling("." + target.getFileName() + "." + kind + "-" + pid);
    }

    /** The leftovers beside {@code target} (a real path); none when its parent does not exist. */
    static StagingLeftovers of(Path target) {
        Path parent = target.getParent();
        List<Leftover> found = new ArrayList<>();
        if (parent != null && Files.isDirectory(parent)) {
            Pattern name = Pattern.compile(Pattern.quote("." + target.getFileName() + ".") + "(" + STAGING + "|"
                    + PREVIOUS + ")-(\\d{1,18})");
            for (Path sibling : StagedFolder.entries(parent)) {
                Matcher m = name.matcher(sibling.getFileName().toString());
                if (m.matches()) {
                    found.add(new Leftover(sibling, m.group(1), Long.parseLong(m.group(2))));
                }
            }
        }
        return new StagingLeftovers(target, found);
    }

    /**
     * Refuses when a running process is writing the same target.
     *
     * @param shown the target as the user gave it, for the message
     */
    void refuseLive(Path shown) {
        for (Leftover l : leftovers) {
            if (l.live()) {
                throw new InputException(shown.toString(), "another run (process " + l.pid() + ") is writing this "
                        + "folder (its " + l.kind() + " folder " + l.folder() + "); wait for it to finish, or delete "
                        + l.folder() + " if no such run exists");
            }
        }
    }

    /** Puts back or deletes what interrupted runs left, one note each. */
    void recover(Consumer<String> notes) throws IOException {
        for (Leftover l : leftovers) {
            if (l.kind().equals(STAGING)) {
                TemporaryFiles.deleteTree(l.folder());
                notes.accept("removed " + l.folder() + ", the unfinished new set of an interrupted run (process "
                        + l.pid() + "); " + target + " is as that run found it");
            } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                TemporaryFiles.deleteTree(l.folder());
                notes.accept("removed " + l.folder() + ", the earlier set that an interrupted run (process " + l.pid()
                        + ") had already replaced with its complete new set");
            } else {
                try {
                    Files.move(l.folder(), target);
                } catch (IOException e) {
                    throw new IOException(l.folder() + ": cannot put the earlier set back as " + target + ": "
                            + IoReason.of(e, l.folder()), e);
                }
                notes.accept("restored " + target + " from " + l.folder() + ": a run (process " + l.pid()
                        + ") was stopped in the middle of replacing it");
            }
        }
    }
}

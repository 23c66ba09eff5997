package org.tgssalt.io;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes the temporary files that {@link AtomicFile} writers of killed processes left in a folder
 * ({@code .NAME.PID-RANDOM.tmp}; a {@code kill -9} gives no chance to delete them). Each folder is
 * swept once per process, on the first atomic write into it, so writing thousands of files into
 * one folder lists it once. Files of live processes, and every other file, are left alone. Process ids
 * are this machine's: a folder written at the same time from another machine or container (a shared
 * volume) could lose a temporary file in the making, whose writer then fails naming its target; nothing else.
 */
final class TemporaryFileLeftovers {
    /** The temporary name {@link AtomicFile} uses; group 1 is the writer's process id. */
    static final Pattern NAME = Pattern.compile("\\..+\\.(\\d{1,18})-[0-9a-f]{12}\\.tmp");

    private static final System.Logger LOG = System.getLogger(TemporaryFileLeftovers.class.getName());
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

    private TemporaryFileLeftovers() {}

    /** The temporary name for {@code targetName} written by this process. */
    static String temporaryName(String targetName, String random) {
        return "." + targetName + "." + ProcessHandle.current().pid() + "-" + random + ".tmp";
    }

    /**
     * Sweeps {@code dir} unless this process already did. Failures are ignored: a leftover that cannot
     * be removed does no harm beyond its space.
     *
     * @return the number of files removed
     */
    static int sweepOnce(Path dir) {
        if (!SWEPT.add(dir)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path entry : entries) {
                Matcher m = NAME.matcher(entry.getFileName().toString());
                if (m.matches() && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)
                        && !LeftoverOwner.mayBeLive(Long.parseLong(m.group(1)), entry)
                        && Files.deleteIfExists(entry)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            return removed;
        }
        if (removed > 0) {
            LOG.log(Level.INFO, "removed {0} temporary file(s) that interrupted runs left in {1}", removed, dir);
        }
        return removed;
    }
}

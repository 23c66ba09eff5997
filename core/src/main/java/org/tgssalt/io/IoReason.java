package org.tgssalt.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * An I/O failure in words for a one-line message: the operating system's reason ("No space left on
 * device", "permission denied") and, when the failure concerns another file than the one the message
 * names, that file. Java's own messages name only the file ({@code AccessDeniedException: /x/.a.tmp})
 * or only the reason ({@code IOException: No space left on device}).
 *
 * <pre>{@code
 * throw new IOException(target + ": cannot write: " + IoReason.of(e, target), e);
 * }</pre>
 */
public final class IoReason {
    private IoReason() {}

    /**
     * The reason of {@code e}; when it is about a file other than {@code subject}, that file follows
     * in parentheses.
     */
    public static String of(IOException e, Object subject) {
        String reason = e.getMessage();
        String file = null;
        if (e instanceof FileSystemException f) {
            file = f.getFile();
            reason = f.getReason() != null ? f.getReason() : kind(f);
            if (f.getOtherFile() != null) {
                file = file + " -> " + f.getOtherFile();
            }
        }
        if (reason == null || reason.isBlank()) {
            reason = e.getClass().getSimpleName();
        }
        boolean other = file != null && (subject == null || !file.equals(subject.toString()));
        return other ? reason + " (" + file + ")" : reason;
    }

    private static String kind(FileSystemException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "folder not empty";
        }
        return e.getClass().getSimpleName();
    }
}

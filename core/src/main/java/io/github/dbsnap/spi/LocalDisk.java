package io.github.dbsnap.spi;

import io.github.dbsnap.DatabaseSourceException;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns failures of this host's own disk (a full file system, a quota, a read-only mount) into
 * errors that say so, with the path and the space needed, so that they are never mistaken for a
 * damaged snapshot. Sources use it for their temp copies and staging files; the core uses it for
 * failures a source left untranslated. Stateless and thread-safe.
 */
public final class LocalDisk {
    private static final String[] NO_SPACE = {
        "no space left on device", "disk quota exceeded", "not enough space on the disk", "file too large",
    };

    private LocalDisk() {
    }

    /**
     * @param failure any exception, may be null
     * @return true when {@code failure} or one of its causes says that a file system is full or a
     *         quota or file size limit was reached ({@code ENOSPC}, {@code EDQUOT}, {@code EFBIG})
     */
    public static boolean isOutOfSpace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            for (String s : NO_SPACE) {
                if (m.contains(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param failure any exception, may be null
     * @return true when {@code failure} or one of its causes is a failure of a local file operation
     *         ({@link FileSystemException}: permissions, read-only file system, missing directory) or
     *         {@linkplain #isOutOfSpace out of space}
     */
    public static boolean isLocalFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException) {
                return true;
            }
        }
        return isOutOfSpace(failure);
    }

    /**
     * Describes a failed local write.
     *
     * @param what   what was being written, for the message ("the staged copy of the snapshot")
     * @param file   the file written
     * @param needed how many bytes the write needed in all, or a negative number when unknown
     * @param cause  the failure, kept as the cause
     * @return "no space left on device writing … to '…': it needs N bytes, M are available there" when
     *         the file system is full, else "writing … to '…' failed: …"
     */
    public static DatabaseSourceException writeFailed(String what, Path file, long needed, Throwable cause) {
        if (isOutOfSpace(cause)) {
            return noSpace(what, file, needed, cause);
        }
        return new DatabaseSourceException("writing " + what + " to '" + file + "' failed: " + cause.getMessage(), cause);
    }

    /**
     * Describes a write that ran out of space, for callers that learnt it from a result code rather than an exception.
     *
     * @param what   what was being written, for the message
     * @param file   the file written
     * @param needed how many bytes the write needed in all, or a negative number when unknown
     * @param cause  the failure, kept as the cause; may be null
     * @return "no space left on device writing … to '…': it needs N bytes, M are available on that file system"
     */
    public static DatabaseSourceException noSpace(String what, Path file, long needed, Throwable cause) {
        return new DatabaseSourceException("no space left on device writing " + what + " to '" + file + "': it needs "
                + (needed >= 0 ? "about " + needed + " bytes" : "more space") + ", " + describeUsable(file), cause);
    }

    /** @return bytes usable on the file system holding {@code file} (or its nearest existing parent), or -1 if unknown */
    public static long usableSpace(Path file) {
        Path p = file.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return -1;
        }
        try {
            return Files.getFileStore(p).getUsableSpace();
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    private static String describeUsable(Path file) {
        long usable = usableSpace(file);
        return usable < 0 ? "the free space there is unknown" : usable + " bytes are available on that file system";
    }
}

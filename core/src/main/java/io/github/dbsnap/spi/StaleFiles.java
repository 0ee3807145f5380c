package io.github.dbsnap.spi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Deletes temp files that crashed processes left in one directory, by name pattern and age. */
public final class StaleFiles {
    private static final Logger log = LoggerFactory.getLogger(StaleFiles.class);

    private StaleFiles() {
    }

    /**
     * Deletes the regular files directly in {@code dir} whose names start with {@code prefix} and end
     * with {@code suffix} and that were last modified more than {@code olderThan} ago. Symbolic links
     * are neither followed nor deleted. A missing directory holds nothing.
     *
     * @return how many files were deleted
     */
    public static int remove(Path dir, String prefix, String suffix, Duration olderThan) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Instant cutoff = Instant.now().minus(olderThan);
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(suffix);
        })) {
            for (Path p : files) {
                try {
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)
                            && Files.deleteIfExists(p)) {
                        removed++;
                        log.info("Removed {}, left by an interrupted snapshot or restore", p);
                    }
                } catch (NoSuchFileException e) {
                    // removed by another process meanwhile
                }
            }
        }
        return removed;
    }
}

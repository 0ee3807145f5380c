package io.github.dbsnap.archive;

import java.util.Map;
import java.util.Objects;

/**
 * The first entry of every snapshot, {@code snapshot.json}: what a reader needs before the data.
 *
 * @param format         {@value Formats#FORMAT}
 * @param database       logical database name
 * @param source         source kind ({@code sqlite}, {@code jdbc}, {@code redis})
 * @param createdAt      creation instant, ISO-8601 UTC with milliseconds
 * @param libraryVersion dbsnap version that wrote it
 * @param compression    {@code zstd} or {@code gzip}
 * @param encrypted      whether the object was age-encrypted
 * @param metadata       the source's own metadata
 */
public record SnapshotHeader(String format, String database, String source, String createdAt,
                             String libraryVersion, String compression, boolean encrypted,
                             Map<String, String> metadata) {
    /** Validates and copies. */
    public SnapshotHeader {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(source, "source");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}

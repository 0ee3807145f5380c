package io.github.dbsnap;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One stored snapshot.
 *
 * @param key         provider-relative key, e.g. {@code altcha-sentinel-backups/db/2026-11-26T00:00:00.000Z/main.tar.zst.age}
 * @param uri         full URI of the object ({@code file:///…}, {@code s3://…}, {@code azure://…})
 * @param database    the logical database name, e.g. {@code main}
 * @param size        object size in bytes
 * @param createdAt   creation instant (from the key when the prefix has {@code ${iso_date()}}, else the object's time)
 * @param compression compression layer
 * @param encrypted   whether the object is age-encrypted
 * @param metadata    the source's metadata from {@code snapshot.json} (for Redis: the capture mode, RDB
 *                    version, …) where known, i.e. for a snapshot just created; empty in listings; copied
 */
public record SnapshotInfo(String key, URI uri, String database, long size, Instant createdAt,
                           Compression compression, boolean encrypted, Map<String, String> metadata) {
    /** A snapshot whose source metadata is not known (listings). */
    public SnapshotInfo(String key, URI uri, String database, long size, Instant createdAt, Compression compression,
                        boolean encrypted) {
        this(key, uri, database, size, createdAt, compression, encrypted, Map.of());
    }

    /** Validates the components. */
    public SnapshotInfo {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(compression, "compression");
    }
}

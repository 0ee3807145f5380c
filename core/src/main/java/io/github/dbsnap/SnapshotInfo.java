package io.github.dbsnap;

import java.net.URI;
import java.time.Instant;
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
 */
public record SnapshotInfo(String key, URI uri, String database, long size, Instant createdAt,
                           Compression compression, boolean encrypted) {
    /** Validates the components. */
    public SnapshotInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(compression, "compression");
    }
}

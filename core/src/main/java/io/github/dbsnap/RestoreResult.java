package io.github.dbsnap;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a successful restore did.
 *
 * @param snapshot the snapshot restored
 * @param database the database it was restored into
 * @param source   the source kind that restored it
 * @param counts   counts from the manifest (rows per table, keys); copied
 * @param took     wall-clock duration
 */
public record RestoreResult(SnapshotInfo snapshot, String database, String source, Map<String, Long> counts, Duration took) {
    /** Validates and copies. */
    public RestoreResult {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(source, "source");
        counts = Map.copyOf(counts);
        Objects.requireNonNull(took, "took");
    }
}

package io.github.dbsnap.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The status of every database at one moment, from {@link StatusTracker#status()}. Immutable.
 *
 * @param generatedAt when it was computed
 * @param databases   one entry per database, in name order; copied
 */
public record SnapshotStatus(Instant generatedAt, List<DatabaseStatus> databases) {
    /** Validates and copies. */
    public SnapshotStatus {
        Objects.requireNonNull(generatedAt, "generatedAt");
        databases = List.copyOf(databases);
    }

    /** @return true when no database is {@link Health#STALE} or {@link Health#FAILING} */
    public boolean healthy() {
        return databases.stream().allMatch(d -> d.health().healthy());
    }

    /** @return the status of one database, if it is known */
    public Optional<DatabaseStatus> database(String name) {
        return databases.stream().filter(d -> d.database().equals(name)).findFirst();
    }

    /** @return this status as JSON-ready maps (the shape of {@code dbsnap status --json} and the HTTP status route) */
    public Map<String, Object> toMap() {
        return StatusMaps.status(this);
    }
}

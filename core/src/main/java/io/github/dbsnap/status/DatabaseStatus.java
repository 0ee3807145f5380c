package io.github.dbsnap.status;

import io.github.dbsnap.Operation;
import io.github.dbsnap.SnapshotInfo;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The status of one database's snapshots at one moment. Immutable.
 *
 * @param database         the database name
 * @param health           its health
 * @param reason           one line explaining the health
 * @param schedule         its snapshot schedule (cron expression), if it has one
 * @param schedulePeriod   the interval between the schedule's next two fire times
 * @param nextRun          the next scheduled snapshot: from the running scheduler when one is watched,
 *                         else computed from the schedule
 * @param newestSnapshot   the newest snapshot in storage (or, when storage cannot be listed, the last one
 *                         this process stored)
 * @param newestAge        how old that snapshot is
 * @param snapshotCount    number of snapshots in storage (0 when storage cannot be listed)
 * @param totalSize        their total size in bytes
 * @param lastSuccess      the last snapshot this process stored, or else the newest in storage
 * @param lastFailure      the last failed operation seen by this process (any operation)
 * @param lastVerification the last verification seen by this process
 * @param storageError     why storage could not be listed, when it could not
 */
public record DatabaseStatus(String database, Health health, String reason, Optional<String> schedule,
                             Optional<Duration> schedulePeriod, Optional<Instant> nextRun,
                             Optional<SnapshotInfo> newestSnapshot, Optional<Duration> newestAge,
                             int snapshotCount, long totalSize, Optional<Success> lastSuccess,
                             Optional<Failure> lastFailure, Optional<Verification> lastVerification,
                             Optional<String> storageError) {
    /** Validates the components. */
    public DatabaseStatus {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(reason, "reason");
    }

    /** @return this status as JSON-ready maps, lists, strings and numbers (absent values are null) */
    public Map<String, Object> toMap() {
        return StatusMaps.database(this);
    }

    /**
     * A stored snapshot.
     *
     * @param at   when it was taken
     * @param uri  where it is
     * @param size stored size in bytes
     * @param took how long taking it took, when this process took it
     */
    public record Success(Instant at, URI uri, long size, Optional<Duration> took) {
        /** Validates the components. */
        public Success {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(took, "took");
        }
    }

    /**
     * A failed operation.
     *
     * @param at        when it failed
     * @param operation what failed
     * @param reason    the error message, first line only
     * @param cause     the exception's simple class name, e.g. {@code StorageException}
     */
    public record Failure(Instant at, Operation operation, String reason, String cause) {
        /** Validates the components. */
        public Failure {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(cause, "cause");
        }
    }

    /**
     * A read-back verification.
     *
     * @param at     when it ended
     * @param ok     whether every check passed
     * @param uri    the snapshot verified, when known
     * @param reason why it failed, when it failed
     */
    public record Verification(Instant at, boolean ok, Optional<URI> uri, Optional<String> reason) {
        /** Validates the components. */
        public Verification {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(reason, "reason");
        }
    }
}

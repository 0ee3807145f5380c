package io.github.dbsnap;

import java.time.Duration;
import java.util.Objects;

/**
 * How far a database's stored point-in-time log is behind the live database.
 *
 * @param database      the database
 * @param recoveryPoint the newest instant a restore can reach now ({@link java.time.Instant#EPOCH} before the first)
 * @param behind   time since the newest instant that a restore can reach (the oldest unstored segment's time,
 *                 or the last shipping cycle when everything is stored)
 * @param bytes    log bytes not yet stored: spooled segments plus log the shipper has not read yet
 * @param queued   segments waiting in the local spool
 */
public record PitrLag(String database, java.time.Instant recoveryPoint, Duration behind, long bytes, int queued) {
    /** Validates the components. */
    public PitrLag {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(recoveryPoint, "recoveryPoint");
        Objects.requireNonNull(behind, "behind");
    }
}

package io.github.dbsnap.schedule;

import io.github.dbsnap.Operation;

import java.time.Instant;
import java.util.Objects;

/**
 * One scheduled run, as reported to a {@link ScheduleListener}.
 *
 * @param database  the database
 * @param operation {@link Operation#CREATE} for snapshots, {@link Operation#VERIFY} for read-back checks
 * @param tick      the fire time computed from the cron expression (also when the run started late)
 * @param attempt   the attempt number, from 1; 0 when the run never started (skipped)
 */
public record ScheduledRun(String database, Operation operation, Instant tick, int attempt) {
    /** Validates the components. */
    public ScheduledRun {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(tick, "tick");
    }

    ScheduledRun withAttempt(int n) {
        return new ScheduledRun(database, operation, tick, n);
    }
}

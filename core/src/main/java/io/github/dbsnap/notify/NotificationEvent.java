package io.github.dbsnap.notify;

import io.github.dbsnap.Operation;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Notifier} is told.
 *
 * @param database  the database
 * @param operation {@link Operation#CREATE}, {@link Operation#VERIFY} or (failures only) {@link Operation#PRUNE}
 * @param time      when the run ended
 * @param host      the host name of the instance that ran it
 * @param tick      the scheduled fire time of the run
 * @param attempt   the attempt that succeeded or failed last, from 1 (0 for retention)
 * @param snapshot  the snapshot created or verified, on success
 * @param size      its stored size in bytes, on success (else 0)
 * @param error     the error message, first line only, on failure
 * @param cause     the exception's simple class name, on failure
 */
public record NotificationEvent(String database, Operation operation, Instant time, String host, Optional<Instant> tick,
                                int attempt, Optional<URI> snapshot, long size, Optional<String> error,
                                Optional<String> cause) {
    /** Validates the components. */
    public NotificationEvent {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tick, "tick");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(cause, "cause");
    }

    /** @return true for a failure event */
    public boolean failed() {
        return error.isPresent();
    }
}

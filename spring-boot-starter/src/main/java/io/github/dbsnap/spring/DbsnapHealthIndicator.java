package io.github.dbsnap.spring;

import io.github.dbsnap.status.DatabaseStatus;
import io.github.dbsnap.status.SnapshotStatus;
import io.github.dbsnap.status.StatusTracker;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The {@code dbsnap} health: one detail per database from the {@link StatusTracker} (health, reason, newest
 * snapshot, last failure, next run); DOWN when a database is STALE or FAILING, unless informational, which
 * reports the same details and stays UP.
 */
class DbsnapHealthIndicator extends AbstractHealthIndicator {
    private final StatusTracker tracker;
    private final boolean informational;

    DbsnapHealthIndicator(StatusTracker tracker, boolean informational) {
        super("dbsnap health check failed");
        this.tracker = tracker;
        this.informational = informational;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        SnapshotStatus status = tracker.status();
        builder.status(status.healthy() || informational ? org.springframework.boot.actuate.health.Status.UP
                : org.springframework.boot.actuate.health.Status.DOWN);
        if (informational) {
            builder.withDetail("informational", true);
        }
        for (DatabaseStatus db : status.databases()) {
            builder.withDetail(db.database(), db.toMap());
        }
    }
}

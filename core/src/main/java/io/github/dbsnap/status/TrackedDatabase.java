package io.github.dbsnap.status;

import io.github.dbsnap.Operation;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotStats;

import java.time.Duration;

/** What a {@link StatusTracker} has seen of one database; guarded by its own monitor. */
final class TrackedDatabase {
    SnapshotInfo lastCreated;
    SnapshotStats lastCreatedStats;
    java.time.Instant lastCreatedAt;
    DatabaseStatus.Failure lastFailure;
    DatabaseStatus.Failure lastCreateFailure;
    DatabaseStatus.Failure lastVerifyFailure;
    DatabaseStatus.Verification lastVerification;
    Duration lastVerifyTook;
    long lastVerifyDataSize = -1;

    synchronized void created(SnapshotInfo info, SnapshotStats stats, java.time.Instant at) {
        lastCreated = info;
        lastCreatedStats = stats;
        lastCreatedAt = at;
    }

    synchronized void failed(DatabaseStatus.Failure f) {
        lastFailure = f;
        if (f.operation() == Operation.CREATE) {
            lastCreateFailure = f;
        } else if (f.operation() == Operation.VERIFY) {
            lastVerifyFailure = f;
            lastVerification = new DatabaseStatus.Verification(f.at(), false, java.util.Optional.empty(),
                    java.util.Optional.of(f.reason()));
        }
    }

    synchronized void verified(DatabaseStatus.Verification v, Duration took, long dataSize) {
        lastVerification = v;
        lastVerifyTook = took;
        lastVerifyDataSize = dataSize;
    }

    /** @return a consistent copy */
    synchronized TrackedDatabase copy() {
        TrackedDatabase c = new TrackedDatabase();
        c.lastCreated = lastCreated;
        c.lastCreatedStats = lastCreatedStats;
        c.lastCreatedAt = lastCreatedAt;
        c.lastFailure = lastFailure;
        c.lastCreateFailure = lastCreateFailure;
        c.lastVerifyFailure = lastVerifyFailure;
        c.lastVerification = lastVerification;
        c.lastVerifyTook = lastVerifyTook;
        c.lastVerifyDataSize = lastVerifyDataSize;
        return c;
    }
}

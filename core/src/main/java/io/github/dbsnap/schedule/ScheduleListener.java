package io.github.dbsnap.schedule;

import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.SnapshotInfo;

import java.time.Instant;

/**
 * Told about scheduled runs; every method has a no-op default. Called on the scheduler's timer or
 * worker threads, so implementations return quickly, are thread-safe and must not throw (a throwing
 * listener is logged and ignored).
 */
public interface ScheduleListener {

    /**
     * A run completed.
     *
     * @param run      the run, with the attempt that succeeded
     * @param snapshot the snapshot created ({@code CREATE}) or verified ({@code VERIFY})
     */
    default void onRunSucceeded(ScheduledRun run, SnapshotInfo snapshot) {
    }

    /** A tick did not run, for the reason given. */
    default void onRunSkipped(ScheduledRun run, SkipReason reason) {
    }

    /** An attempt failed and the run will be tried again at {@code retryAt}. */
    default void onAttemptFailed(ScheduledRun run, DbsnapException error, Instant retryAt) {
    }

    /** A run failed on its last attempt; the scheduler goes on with the next tick. */
    default void onRunFailed(ScheduledRun run, DbsnapException error) {
    }

    /** Retention was applied after a successful scheduled snapshot. */
    default void onPruned(String database, PruneResult result) {
    }

    /** Retention failed after a successful scheduled snapshot (the snapshot itself is stored). */
    default void onPruneFailed(String database, DbsnapException error) {
    }
}

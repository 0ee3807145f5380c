package io.github.dbsnap.schedule;

/** Why a scheduled tick did not run. */
public enum SkipReason {
    /** The previous run of the same job was still going (or waiting to retry). */
    STILL_RUNNING,
    /** Another instance holds this tick's {@link io.github.dbsnap.spi.SchedulerLock} lease and runs it. */
    LOCKED_ELSEWHERE,
    /** The lock store could not be reached; the tick is skipped rather than risk running twice. */
    LOCK_UNAVAILABLE,
    /** A verification tick found no snapshot of the database to verify. */
    NOTHING_TO_VERIFY
}

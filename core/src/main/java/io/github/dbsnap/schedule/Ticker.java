package io.github.dbsnap.schedule;

import java.time.Clock;
import java.time.Instant;

/**
 * The scheduler's source of time: it reads the current instant from {@link #clock()} and asks to be
 * woken at an instant with {@link #schedule}. The default runs on a real clock and a timer thread;
 * tests pass a manual one that moves time forward on demand, so that schedules, retries and DST are
 * tested without waiting. Implementations are thread-safe.
 */
public interface Ticker {

    /** @return the clock fire times are computed from */
    Clock clock();

    /**
     * Runs {@code task} once, at or soon after {@code at} (at once when {@code at} has passed). The
     * task must return quickly; it must not block the ticker.
     *
     * @return a handle that cancels the task if it has not started
     */
    Cancellable schedule(Instant at, Runnable task);

    /** A task waiting to run. */
    interface Cancellable {
        /** Cancels the task if it has not started; idempotent. */
        void cancel();
    }
}

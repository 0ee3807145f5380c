package io.github.dbsnap.schedule;

import io.github.dbsnap.spi.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The default {@link Ticker}: a wall clock and one daemon timer thread. Long waits are cut into
 * steps of at most {@link #MAX_STEP} and re-checked against the clock, so that a wall-clock jump or
 * a suspended machine does not shift fire times.
 */
final class SystemTicker implements Ticker, AutoCloseable {
    static final Duration MAX_STEP = Duration.ofSeconds(30);

    private final Clock clock;
    private final ScheduledThreadPoolExecutor timer;

    SystemTicker(Clock clock) {
        this.clock = clock;
        this.timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.factory("dbsnap-scheduler-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Cancellable schedule(Instant at, Runnable task) {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<ScheduledFuture<?>> pending = new AtomicReference<>();
        arm(at, task, cancelled, pending);
        return () -> {
            cancelled.set(true);
            ScheduledFuture<?> f = pending.get();
            if (f != null) {
                f.cancel(false);
            }
        };
    }

    private void arm(Instant at, Runnable task, AtomicBoolean cancelled, AtomicReference<ScheduledFuture<?>> pending) {
        if (cancelled.get() || timer.isShutdown()) {
            return;
        }
        Duration left = Duration.between(clock.instant(), at);
        Runnable step = () -> {
            if (cancelled.get()) {
                return;
            }
            if (clock.instant().isBefore(at)) {
                arm(at, task, cancelled, pending);
            } else {
                task.run();
            }
        };
        long millis = Math.max(0, Math.min(left.toMillis(), MAX_STEP.toMillis()));
        try {
            pending.set(timer.schedule(step, millis, TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile: nothing more will run
        }
    }

    /** Stops the timer thread; pending tasks never run. */
    @Override
    public void close() {
        ScheduledExecutorService t = timer;
        t.shutdownNow();
    }
}

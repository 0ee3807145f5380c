package io.github.dbsnap.schedule;

import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.Operation;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.spi.SchedulerLock;
import io.github.dbsnap.spi.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Takes snapshots of each database on its cron schedule, applies retention after each successful
 * snapshot, and optionally verifies the newest snapshot of each database on another schedule.
 *
 * <ul>
 *   <li>One job per database (and one verification job per database). A tick that comes while the
 *       previous run of the same job is still going, or waiting to retry, is skipped and reported
 *       ({@link ScheduleListener#onRunSkipped}, WARN log): two runs of a job never overlap.</li>
 *   <li>A failed attempt is retried with exponential backoff (default 3 attempts, 1 minute then
 *       2 minutes, …, at most 15 minutes apart), but only while the retry comes before the job's next
 *       tick. Then the failure is reported and logged, and the schedule goes on.</li>
 *   <li>Each tick first takes a lease from the {@link SchedulerLock} named
 *       {@code dbsnap:lock:<database>:<tick-epoch-second>}, so that of several instances sharing a lock
 *       store exactly one runs it. The default lock only coordinates within this JVM.</li>
 *   <li>{@link #close()} stops new runs, lets a running snapshot finish within the close timeout
 *       (default 30 s), then interrupts it; an interrupted snapshot leaves no partial object.</li>
 * </ul>
 * Fire times follow {@link CronSchedule} in the configured zone (default UTC), DST included. Time
 * comes from a {@link Ticker}, so tests can drive it. The scheduler owns its timer and worker threads
 * (named daemon threads) but not the {@link SnapshotService} nor the lock: the caller closes those
 * after closing the scheduler. Thread-safe.
 */
public final class SnapshotScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SnapshotScheduler.class);

    private final SnapshotService service;
    private final Ticker ticker;
    private final SystemTicker ownedTicker;
    private final ZoneId zone;
    private final SchedulerLock lock;
    private final Pruner pruner;
    private final List<ScheduleListener> listeners;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration closeTimeout;
    private final List<ScheduledJob> jobs = new ArrayList<>();
    private final ExecutorService workers;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger state = new AtomicInteger(); // 0 new, 1 started, 2 closing
    private final Object closeLock = new Object();

    SnapshotScheduler(SnapshotSchedulerBuilder b) {
        this.service = b.service;
        this.ownedTicker = b.ticker == null ? new SystemTicker(b.clock) : null;
        this.ticker = b.ticker == null ? ownedTicker : b.ticker;
        this.zone = b.zone;
        this.lock = b.lock != null ? b.lock : new InProcessSchedulerLock(ticker.clock());
        this.pruner = new Pruner(service, b.retention, zone, ticker.clock());
        this.listeners = List.copyOf(b.listeners);
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.closeTimeout = b.closeTimeout;
        b.schedules.forEach((db, cron) -> jobs.add(new ScheduledJob(this, db, Operation.CREATE, cron)));
        if (b.verifySchedule != null) {
            for (String db : b.verifyDatabases()) {
                jobs.add(new ScheduledJob(this, db, Operation.VERIFY, b.verifySchedule));
            }
        }
        this.workers = Executors.newCachedThreadPool(DaemonThreads.factory("dbsnap-scheduler-worker"));
    }

    /** @return a new builder */
    public static SnapshotSchedulerBuilder builder() {
        return new SnapshotSchedulerBuilder();
    }

    /**
     * Schedules the first tick of every job. Idempotent.
     *
     * @throws IllegalStateException when closed
     */
    public void start() {
        synchronized (closeLock) {
            if (state.get() == 2) {
                throw new IllegalStateException("SnapshotScheduler is closed");
            }
            if (!state.compareAndSet(0, 1)) {
                return;
            }
            Instant now = now();
            for (ScheduledJob job : jobs) {
                job.arm(now);
            }
        }
        if (jobs.isEmpty()) {
            log.warn("Scheduler started with nothing to schedule");
        }
        for (ScheduledRun r : upcoming()) {
            log.info("Scheduled {} of '{}', next at {} ({})", r.operation(), r.database(), r.tick(), zone);
        }
    }

    /** @return the next tick of every job, soonest first (empty before {@link #start()}) */
    public List<ScheduledRun> upcoming() {
        List<ScheduledRun> out = new ArrayList<>();
        for (ScheduledJob job : jobs) {
            job.upcoming().ifPresent(out::add);
        }
        out.sort(Comparator.comparing(ScheduledRun::tick));
        return out;
    }

    /** @return the snapshot schedule of each scheduled database (verification jobs are not included) */
    public Map<String, CronSchedule> schedules() {
        Map<String, CronSchedule> out = new LinkedHashMap<>();
        for (ScheduledJob job : jobs) {
            if (job.operation() == Operation.CREATE) {
                out.put(job.database(), job.cron());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** @return the pruner applying this scheduler's retention policy, for on-demand pruning */
    public Pruner pruner() {
        return pruner;
    }

    /** @return the zone cron expressions are read in */
    public ZoneId zone() {
        return zone;
    }

    /** Blocks until {@link #close()} has finished (for a foreground {@code schedule} command). */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /**
     * Stops scheduling, waits up to the close timeout for running snapshots, then interrupts them.
     * Idempotent; does not close the service or the lock.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (state.getAndSet(2) == 2) {
                return;
            }
        }
        jobs.forEach(ScheduledJob::cancel);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Scheduled runs still going after {}; interrupting them", closeTimeout);
                workers.shutdownNow();
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            if (ownedTicker != null) {
                ownedTicker.close();
            }
            closed.countDown();
            log.info("Scheduler stopped");
        }
    }

    // ---- used by ScheduledJob

    boolean closing() {
        return state.get() == 2;
    }

    Instant now() {
        return ticker.clock().instant();
    }

    Ticker ticker() {
        return ticker;
    }

    SchedulerLock lock() {
        return lock;
    }

    int maxAttempts() {
        return maxAttempts;
    }

    /** @return the wait after attempt {@code n} failed: initial × 2^(n-1), at most the maximum */
    Duration backoff(int n) {
        Duration d = initialBackoff;
        for (int i = 1; i < n && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    boolean dispatch(Runnable task) {
        try {
            workers.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** @return the snapshot created or verified, or null when there was nothing to verify */
    SnapshotInfo execute(Operation operation, String database) {
        if (operation == Operation.CREATE) {
            return service.create(database);
        }
        Optional<SnapshotInfo> latest = service.latest(database);
        if (latest.isEmpty()) {
            return null;
        }
        service.verify(latest.get().key());
        return latest.get();
    }

    Optional<PruneResult> pruneAfterSnapshot(String database) {
        if (pruner.policy().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(pruner.prune(database, false));
        } catch (RuntimeException e) {
            DbsnapException error = e instanceof DbsnapException d ? d
                    : new DbsnapException("retention for '" + database + "' failed: " + e, e);
            log.warn("Retention for '{}' failed: {}", database, error.getMessage());
            fire(l -> l.onPruneFailed(database, error));
            return Optional.empty();
        }
    }

    void fireSucceeded(ScheduledRun run, SnapshotInfo snapshot) {
        fire(l -> l.onRunSucceeded(run, snapshot));
    }

    void fireSkipped(ScheduledRun run, SkipReason reason) {
        fire(l -> l.onRunSkipped(run, reason));
    }

    void fireAttemptFailed(ScheduledRun run, DbsnapException error, Instant retryAt) {
        fire(l -> l.onAttemptFailed(run, error, retryAt));
    }

    void fireFailed(ScheduledRun run, DbsnapException error) {
        fire(l -> l.onRunFailed(run, error));
    }

    void firePruned(String database, PruneResult result) {
        fire(l -> l.onPruned(database, result));
    }

    private void fire(Consumer<ScheduleListener> call) {
        for (ScheduleListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                log.warn("Schedule listener failed: {}", e.toString());
            }
        }
    }
}

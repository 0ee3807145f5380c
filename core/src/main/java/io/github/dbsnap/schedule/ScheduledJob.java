package io.github.dbsnap.schedule;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.Operation;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.spi.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** One cron job of a {@link SnapshotScheduler}: a database and an operation, with its run state. */
final class ScheduledJob {
    private static final Logger log = LoggerFactory.getLogger(ScheduledJob.class);
    private static final Duration MIN_LEASE = Duration.ofMinutes(1);
    private static final Duration MAX_LEASE = Duration.ofDays(1);

    private final SnapshotScheduler owner;
    private final String database;
    private final Operation operation;
    private final CronSchedule cron;
    /** Set from a tick until the run ends, including the waits between attempts. */
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Ticker.Cancellable pending;
    private volatile Ticker.Cancellable pendingRetry;
    private volatile Instant nextTick;

    ScheduledJob(SnapshotScheduler owner, String database, Operation operation, CronSchedule cron) {
        this.owner = owner;
        this.database = database;
        this.operation = operation;
        this.cron = cron;
    }

    String database() {
        return database;
    }

    Operation operation() {
        return operation;
    }

    CronSchedule cron() {
        return cron;
    }

    String describe() {
        return (operation == Operation.VERIFY ? "verification of '" : "snapshot of '") + database + "' (" + cron + ")";
    }

    Optional<ScheduledRun> upcoming() {
        Instant t = nextTick;
        return t == null ? Optional.empty() : Optional.of(new ScheduledRun(database, operation, t, 0));
    }

    /** Schedules the first tick strictly after {@code after}. */
    void arm(Instant after) {
        if (owner.closing()) {
            return;
        }
        Optional<Instant> next = cron.next(after, owner.zone());
        nextTick = next.orElse(null);
        if (next.isEmpty()) {
            log.warn("The {} has no further fire time; it stops", describe());
            return;
        }
        Instant tick = next.get();
        pending = owner.ticker().schedule(tick, () -> onTick(tick));
    }

    void cancel() {
        Ticker.Cancellable p = pending;
        if (p != null) {
            p.cancel();
        }
        Ticker.Cancellable r = pendingRetry;
        if (r != null) {
            r.cancel();
        }
    }

    private void onTick(Instant tick) {
        if (owner.closing()) {
            return;
        }
        Instant now = owner.now();
        // arm the next tick first, so that the schedule goes on whatever this run does;
        // from "now" when late, so that a suspended machine does not fire every missed tick
        arm(now.isAfter(tick) ? now : tick);
        Instant slotEnd = nextTick;
        ScheduledRun run = new ScheduledRun(database, operation, tick, 0);
        if (!busy.compareAndSet(false, true)) {
            log.warn("Skipping the {} due at {}: the previous run is still going", describe(), tick);
            owner.fireSkipped(run, SkipReason.STILL_RUNNING);
            return;
        }
        if (!owner.dispatch(() -> begin(run, slotEnd))) {
            busy.set(false);
        }
    }

    private void begin(ScheduledRun run, Instant slotEnd) {
        String name = lockName(run.tick());
        Optional<SchedulerLock.Lease> lease;
        try {
            lease = owner.lock().tryAcquire(name, leaseTtl(run.tick(), slotEnd));
        } catch (RuntimeException e) {
            busy.set(false);
            log.warn("Skipping the {} due at {}: the scheduler lock failed: {}", describe(), run.tick(), e.toString());
            owner.fireSkipped(run, SkipReason.LOCK_UNAVAILABLE);
            return;
        }
        if (lease.isEmpty()) {
            busy.set(false);
            log.info("The {} due at {} runs on another instance", describe(), run.tick());
            owner.fireSkipped(run, SkipReason.LOCKED_ELSEWHERE);
            return;
        }
        // the lease is left to expire: an instance whose clock lags must still find this tick taken
        attempt(run.withAttempt(1), slotEnd);
    }

    /** {@code dbsnap:lock:<db>:<epoch>} or {@code dbsnap:lock:verify:<db>:<epoch>}; the same on every instance. */
    String lockName(Instant tick) {
        return "dbsnap:lock:" + (operation == Operation.VERIFY ? "verify:" : "") + database + ":" + tick.getEpochSecond();
    }

    /** The slot length, bounded: long enough to cover clock skew between instances, never unbounded. */
    static Duration leaseTtl(Instant tick, Instant slotEnd) {
        Duration slot = slotEnd == null ? MAX_LEASE : Duration.between(tick, slotEnd);
        return slot.compareTo(MIN_LEASE) < 0 ? MIN_LEASE : slot.compareTo(MAX_LEASE) > 0 ? MAX_LEASE : slot;
    }

    private void attempt(ScheduledRun run, Instant slotEnd) {
        if (owner.closing()) {
            busy.set(false);
            return;
        }
        SnapshotInfo result;
        try {
            result = owner.execute(operation, database);
        } catch (RuntimeException e) {
            failed(run, slotEnd, e);
            return;
        }
        if (result == null) {
            busy.set(false);
            log.info("Skipping the {} due at {}: there is no snapshot to verify", describe(), run.tick());
            owner.fireSkipped(run, SkipReason.NOTHING_TO_VERIFY);
            return;
        }
        Optional<PruneResult> pruned = operation == Operation.CREATE ? owner.pruneAfterSnapshot(database) : Optional.empty();
        busy.set(false);
        if (run.attempt() > 1) {
            log.info("The {} due at {} succeeded on attempt {}", describe(), run.tick(), run.attempt());
        }
        owner.fireSucceeded(run, result);
        pruned.ifPresent(p -> owner.firePruned(database, p));
    }

    private void failed(ScheduledRun run, Instant slotEnd, RuntimeException e) {
        DbsnapException error = e instanceof DbsnapException d ? d
                : new DbsnapException(describe() + " failed: " + e, e);
        Instant retryAt = owner.now().plus(owner.backoff(run.attempt()));
        boolean retry = run.attempt() < owner.maxAttempts() && !(error instanceof ConfigurationException)
                && (slotEnd == null || retryAt.isBefore(slotEnd)) && !owner.closing();
        if (!retry) {
            busy.set(false);
            log.error("The {} due at {} failed after {} attempt(s): {}", describe(), run.tick(), run.attempt(),
                    error.getMessage());
            owner.fireFailed(run, error);
            return;
        }
        log.warn("Attempt {} of the {} due at {} failed, retrying at {}: {}", run.attempt(), describe(), run.tick(),
                retryAt, error.getMessage());
        ScheduledRun next = run.withAttempt(run.attempt() + 1);
        pendingRetry = owner.ticker().schedule(retryAt, () -> {
            if (owner.closing() || !owner.dispatch(() -> attempt(next, slotEnd))) {
                busy.set(false);
            }
        });
        owner.fireAttemptFailed(run, error, retryAt);
    }
}

package io.github.dbsnap.status;

import io.github.dbsnap.DbsnapException;
import io.github.dbsnap.Operation;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotListener;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.SnapshotStats;
import io.github.dbsnap.VerifyResult;
import io.github.dbsnap.schedule.CronSchedule;
import io.github.dbsnap.schedule.ScheduleListener;
import io.github.dbsnap.schedule.ScheduledRun;
import io.github.dbsnap.schedule.SkipReason;
import io.github.dbsnap.schedule.SnapshotScheduler;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the status of each database's snapshots and judges their health.
 *
 * <p>It listens to a {@link SnapshotService} (it adds itself as a {@link SnapshotListener} when built)
 * and, when registered with {@link io.github.dbsnap.schedule.SnapshotSchedulerBuilder#listener}, to the
 * scheduler; {@link #watch(SnapshotScheduler)} then gives it the scheduler's schedules and next runs.
 * What it saw is kept in memory; the newest snapshot, the number and size of snapshots come from
 * {@link SnapshotService#list(String)} on each {@link #status()} call, so a restarted process still
 * knows how old the newest snapshot is.
 *
 * <p>Health, first rule that applies: {@link Health#FAILING} when the last snapshot attempt failed
 * after the newest snapshot, when the last verification failed after the newest snapshot and the last
 * successful verification, or when storage cannot be listed; {@link Health#STALE} when the newest
 * snapshot is older than the maximum age, or the schedule has fired twice since it was taken (older
 * than twice the period for an evenly spaced schedule); {@link Health#OK} with a snapshot;
 * {@link Health#UNKNOWN} without one, until a schedule or maximum age makes it {@code STALE}.
 *
 * <p>It also writes one structured INFO line per scheduled run (logger {@code io.github.dbsnap.runs}).
 * Thread-safe. Time comes from the builder's clock.
 */
public final class StatusTracker implements SnapshotListener, ScheduleListener, AutoCloseable {
    private final SnapshotService service;
    private final Map<String, CronSchedule> schedules;
    private final java.time.ZoneId zone;
    private final java.time.Duration maxAge;
    private final Clock clock;
    private final Instant watchingSince;
    private final Map<String, TrackedDatabase> tracked = new ConcurrentHashMap<>();
    private volatile SnapshotScheduler scheduler;

    StatusTracker(StatusTrackerBuilder b) {
        this.service = b.service;
        this.schedules = Map.copyOf(b.schedules);
        this.zone = b.zone;
        this.maxAge = b.maxAge;
        this.clock = b.clock;
        this.watchingSince = b.watchingSince != null ? b.watchingSince : clock.instant();
    }

    /**
     * @param service the service to watch; not closed by the tracker
     * @return a new builder
     */
    public static StatusTrackerBuilder builder(SnapshotService service) {
        return new StatusTrackerBuilder(service);
    }

    /**
     * Uses a running scheduler's schedules, zone and next fire times (replacing any given to the builder).
     * Register the tracker as the scheduler's listener as well, so that failed runs are seen.
     */
    public void watch(SnapshotScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** @return the status of every configured, scheduled or seen database, in name order; lists storage */
    public SnapshotStatus status() {
        TreeSet<String> names = new TreeSet<>(service.databases());
        names.addAll(schedules().keySet());
        names.addAll(tracked.keySet());
        Instant now = clock.instant();
        List<DatabaseStatus> out = new ArrayList<>();
        for (String db : names) {
            out.add(status(db, now));
        }
        return new SnapshotStatus(now, out);
    }

    /** @return the status of one database; lists storage */
    public DatabaseStatus status(String database) {
        return status(database, clock.instant());
    }

    private DatabaseStatus status(String db, Instant now) {
        TrackedDatabase t = tracked.getOrDefault(db, new TrackedDatabase()).copy();
        List<SnapshotInfo> listed = List.of();
        String storageError = null;
        try {
            listed = service.list(db);
        } catch (RuntimeException e) {
            storageError = oneLine(e);
        }
        SnapshotInfo newest = !listed.isEmpty() ? listed.get(0) : storageError != null ? t.lastCreated : null;
        CronSchedule cron = schedules().get(db);
        SnapshotScheduler s = scheduler;
        java.time.ZoneId zone = s != null ? s.zone() : this.zone;
        Instant verifyOk = t.lastVerification != null && t.lastVerification.ok() ? t.lastVerification.at() : null;
        HealthRules.Verdict v = HealthRules.judge(new HealthRules.Facts(now, newest, t.lastCreatedAt,
                t.lastCreateFailure, verifyOk, t.lastVerifyFailure, cron, zone, maxAge, watchingSince,
                storageError));
        Optional<DatabaseStatus.Success> success = t.lastCreated != null
                ? Optional.of(new DatabaseStatus.Success(t.lastCreated.createdAt(), t.lastCreated.uri(), t.lastCreated.size(),
                        Optional.ofNullable(t.lastCreatedStats).map(SnapshotStats::took)))
                : Optional.ofNullable(newest).map(n -> new DatabaseStatus.Success(n.createdAt(), n.uri(), n.size(), Optional.empty()));
        return new DatabaseStatus(db, v.health(), v.reason(), Optional.ofNullable(cron).map(CronSchedule::expression),
                cron == null ? Optional.empty() : HealthRules.period(cron, zone, now), nextRun(db, cron, zone, now),
                Optional.ofNullable(newest), Optional.ofNullable(newest).map(n -> java.time.Duration.between(n.createdAt(), now)),
                listed.size(), listed.stream().mapToLong(SnapshotInfo::size).sum(), success,
                Optional.ofNullable(t.lastFailure), Optional.ofNullable(t.lastVerification), Optional.ofNullable(storageError));
    }

    private Map<String, CronSchedule> schedules() {
        SnapshotScheduler s = scheduler;
        return s != null ? s.schedules() : schedules;
    }

    private Optional<Instant> nextRun(String db, CronSchedule cron, java.time.ZoneId zone, Instant now) {
        SnapshotScheduler s = scheduler;
        if (s != null) {
            return s.upcoming().stream().filter(r -> r.database().equals(db) && r.operation() == Operation.CREATE)
                    .map(ScheduledRun::tick).findFirst();
        }
        return cron == null ? Optional.empty() : cron.next(now, zone);
    }

    private TrackedDatabase tracked(String db) {
        return tracked.computeIfAbsent(db, k -> new TrackedDatabase());
    }

    private void record(String db, Operation op, DbsnapException e) {
        tracked(db).failed(new DatabaseStatus.Failure(clock.instant(), op, oneLine(e), e.getClass().getSimpleName()));
    }

    @Override
    public void onCreated(SnapshotInfo snapshot, SnapshotStats stats) {
        tracked(snapshot.database()).created(snapshot, stats, clock.instant());
    }

    @Override
    public void onVerified(VerifyResult result) {
        SnapshotInfo s = result.snapshot();
        tracked(s.database()).verified(new DatabaseStatus.Verification(clock.instant(), true, Optional.of(s.uri()),
                Optional.empty()), result.took(), result.dataSize());
    }

    @Override
    public void onFailure(String database, Operation operation, DbsnapException error) {
        record(database, operation, error);
    }

    @Override
    public void onRunSucceeded(ScheduledRun run, SnapshotInfo snapshot) {
        TrackedDatabase t = tracked(run.database()).copy();
        if (run.operation() == Operation.CREATE) {
            boolean ours = t.lastCreated != null && t.lastCreated.key().equals(snapshot.key()) && t.lastCreatedStats != null;
            RunLog.succeeded(run, snapshot, ours ? t.lastCreatedStats.dataSize() : -1, ours ? t.lastCreatedStats.took() : null);
        } else {
            RunLog.succeeded(run, snapshot, t.lastVerifyDataSize, t.lastVerifyTook);
        }
    }

    @Override
    public void onRunFailed(ScheduledRun run, DbsnapException error) {
        // also seen by onFailure when the service failed; this catches what failed around it (listing before a verify)
        record(run.database(), run.operation(), error);
        RunLog.failed(run, error);
    }

    @Override
    public void onRunSkipped(ScheduledRun run, SkipReason reason) {
        RunLog.skipped(run, reason);
    }

    @Override
    public void onPruneFailed(String database, DbsnapException error) {
        record(database, Operation.PRUNE, error);
    }

    /** Stops listening to the service. Idempotent. */
    @Override
    public void close() {
        service.removeListener(this);
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}

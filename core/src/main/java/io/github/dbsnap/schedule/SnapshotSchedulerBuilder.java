package io.github.dbsnap.schedule;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.spi.SchedulerLock;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Builds a {@link SnapshotScheduler}; from {@link SnapshotScheduler#builder()}. Mutable, not thread-safe. */
public final class SnapshotSchedulerBuilder {
    SnapshotService service;
    final Map<String, CronSchedule> schedules = new LinkedHashMap<>();
    CronSchedule verifySchedule;
    ZoneId zone = ZoneOffset.UTC;
    RetentionPolicy retention = RetentionPolicy.NONE;
    SchedulerLock lock;
    final List<ScheduleListener> listeners = new ArrayList<>();
    int maxAttempts = 3;
    Duration initialBackoff = Duration.ofMinutes(1);
    Duration maxBackoff = Duration.ofMinutes(15);
    Duration closeTimeout = Duration.ofSeconds(30);
    Clock clock = Clock.systemUTC();
    Ticker ticker;

    SnapshotSchedulerBuilder() {
    }

    /** Sets the service that takes, lists, verifies and deletes snapshots (required; not closed by the scheduler). */
    public SnapshotSchedulerBuilder service(SnapshotService service) {
        this.service = Objects.requireNonNull(service, "service");
        return this;
    }

    /**
     * Schedules snapshots of one database; replaces an earlier schedule of that database.
     *
     * @throws ConfigurationException when the expression is invalid
     */
    public SnapshotSchedulerBuilder schedule(String database, String cron) {
        return schedule(database, CronSchedule.parse(cron));
    }

    /** Schedules snapshots of one database; replaces an earlier schedule of that database. */
    public SnapshotSchedulerBuilder schedule(String database, CronSchedule cron) {
        schedules.put(Objects.requireNonNull(database, "database"), Objects.requireNonNull(cron, "cron"));
        return this;
    }

    /** Verifies the newest snapshot of every database of the service on this schedule (default: never). */
    public SnapshotSchedulerBuilder verifySchedule(String cron) {
        this.verifySchedule = cron == null ? null : CronSchedule.parse(cron);
        return this;
    }

    /** Sets the zone cron expressions and retention days are read in (default: UTC). */
    public SnapshotSchedulerBuilder zone(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
        return this;
    }

    /** Sets the retention applied after each successful scheduled snapshot (default: {@link RetentionPolicy#NONE}). */
    public SnapshotSchedulerBuilder retention(RetentionPolicy retention) {
        this.retention = Objects.requireNonNull(retention, "retention");
        return this;
    }

    /** Sets the lock shared by instances (default, or null: an {@link InProcessSchedulerLock}); not closed by the scheduler. */
    public SnapshotSchedulerBuilder lock(SchedulerLock lock) {
        this.lock = lock;
        return this;
    }

    /** Adds a listener; listeners are called in the order they were added. */
    public SnapshotSchedulerBuilder listener(ScheduleListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Sets how many times a run is attempted in its slot, at least 1 (default: 3). */
    public SnapshotSchedulerBuilder maxAttempts(int attempts) {
        if (attempts < 1) {
            throw new ConfigurationException("scheduler maxAttempts must be at least 1, was " + attempts);
        }
        this.maxAttempts = attempts;
        return this;
    }

    /** Sets the wait before the first retry, doubled for each further one, and its cap (default: 1 minute, 15 minutes). */
    public SnapshotSchedulerBuilder backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new ConfigurationException("scheduler backoff must be positive with max >= initial, was "
                    + initial + " and " + max);
        }
        this.initialBackoff = initial;
        this.maxBackoff = max;
        return this;
    }

    /** Sets how long {@code close()} lets a running snapshot finish before interrupting it (default: 30 seconds). */
    public SnapshotSchedulerBuilder closeTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new ConfigurationException("scheduler closeTimeout must not be negative, was " + timeout);
        }
        this.closeTimeout = timeout;
        return this;
    }

    /** Sets the clock of the default ticker (default: the system UTC clock). */
    public SnapshotSchedulerBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Replaces the default ticker (a real clock and a timer thread), e.g. by a manual one in tests. */
    public SnapshotSchedulerBuilder ticker(Ticker ticker) {
        this.ticker = ticker;
        return this;
    }

    TreeSet<String> verifyDatabases() {
        return new TreeSet<>(service.databases());
    }

    /**
     * @return a scheduler, not yet started
     * @throws ConfigurationException when the service is missing or a scheduled database is not in it
     */
    public SnapshotScheduler build() {
        if (service == null) {
            throw new ConfigurationException("no SnapshotService given to the scheduler");
        }
        List<String> problems = new ArrayList<>();
        for (String db : schedules.keySet()) {
            if (!service.databases().contains(db)) {
                problems.add("scheduled database '" + db + "' is not configured; configured: "
                        + String.join(", ", new TreeSet<>(service.databases())));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new SnapshotScheduler(this);
    }
}

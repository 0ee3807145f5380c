package io.github.dbsnap.status;

import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.schedule.CronSchedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Builds a {@link StatusTracker}; from {@link StatusTracker#builder(SnapshotService)}. Mutable, not thread-safe. */
public final class StatusTrackerBuilder {
    final SnapshotService service;
    final Map<String, CronSchedule> schedules = new LinkedHashMap<>();
    ZoneId zone = ZoneOffset.UTC;
    Duration maxAge;
    Clock clock = Clock.systemUTC();
    Instant watchingSince;

    StatusTrackerBuilder(SnapshotService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /** Sets the clock for event times and ages (default: the system UTC clock). */
    public StatusTrackerBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Sets a database's snapshot schedule, used until {@link StatusTracker#watch} gives a scheduler. */
    public StatusTrackerBuilder schedule(String database, CronSchedule cron) {
        schedules.put(Objects.requireNonNull(database, "database"), Objects.requireNonNull(cron, "cron"));
        return this;
    }

    /** Sets the zone schedules are read in (default: UTC). */
    public StatusTrackerBuilder zone(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
        return this;
    }

    /** Sets the age beyond which the newest snapshot is {@link Health#STALE} whatever the schedule (default: none). */
    public StatusTrackerBuilder maxAge(Duration maxAge) {
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
        }
        this.maxAge = maxAge;
        return this;
    }

    /**
     * Sets since when snapshots have been expected (default: when the tracker is built). A database
     * with a schedule but no snapshot is {@link Health#UNKNOWN} until its schedule has fired twice
     * after this instant, then {@link Health#STALE}. A one-shot check passes {@link Instant#EPOCH}.
     */
    public StatusTrackerBuilder watchingSince(Instant since) {
        this.watchingSince = since;
        return this;
    }

    /** @return a tracker, already listening to the service */
    public StatusTracker build() {
        StatusTracker tracker = new StatusTracker(this);
        service.addListener(tracker);
        return tracker;
    }
}

package io.github.dbsnap.config;

import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.internal.Durations;
import io.github.dbsnap.internal.EnvReader;
import io.github.dbsnap.schedule.CronSchedule;
import io.github.dbsnap.schedule.RetentionPolicy;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scheduling part of {@link SnapshotConfig}: schedules, zone, retention and the lock URL, read
 * and validated from the environment. The lock URL is a secret and never appears in {@link #toString()}.
 */
record ScheduleSettings(Map<String, String> schedules, Optional<String> verifySchedule, ZoneId zone,
                        RetentionPolicy retention, Optional<String> lockRedisUrl) {

    ScheduleSettings {
        schedules = Map.copyOf(schedules);
    }

    /** Reads every scheduling name, recording each problem in {@code r}. */
    static ScheduleSettings read(EnvReader r, Set<String> databases) {
        Optional<String> common = cron(r, "CRON_SCHEDULE");
        Map<String, String> schedules = new LinkedHashMap<>();
        for (String db : new String[] {"main", "redis"}) {
            Optional<String> own = cron(r, db.toUpperCase(Locale.ROOT) + "_SCHEDULE");
            if (databases.contains(db)) {
                own.or(() -> common).ifPresent(c -> schedules.put(db, c));
            }
        }
        Optional<String> verify = cron(r, "VERIFY_SCHEDULE");

        ZoneId zone = ZoneOffset.UTC;
        Optional<String> zoneName = r.get("SCHEDULE_TIMEZONE");
        if (zoneName.isPresent()) {
            try {
                zone = ZoneId.of(zoneName.get());
            } catch (DateTimeException e) {
                r.problem("SNAPSHOTS_SCHEDULE_TIMEZONE '" + zoneName.get()
                        + "' is not a time zone; use a region such as Europe/Berlin, or UTC");
            }
        }

        int keepLast = count(r, "RETENTION_KEEP_LAST");
        int keepDaily = count(r, "RETENTION_KEEP_DAILY");
        int keepWeekly = count(r, "RETENTION_KEEP_WEEKLY");
        int keepMonthly = count(r, "RETENTION_KEEP_MONTHLY");
        Duration maxAge = maxAge(r);
        RetentionPolicy retention = new RetentionPolicy(keepLast, keepDaily, keepWeekly, keepMonthly, maxAge);

        return new ScheduleSettings(schedules, verify, zone, retention, r.get("LOCK_REDIS_URL"));
    }

    private static Optional<String> cron(EnvReader r, String name) {
        Optional<String> value = r.get(name);
        if (value.isEmpty()) {
            return value;
        }
        try {
            CronSchedule.parse(value.get());
            return value;
        } catch (ConfigurationException e) {
            r.problem("SNAPSHOTS_" + name + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** @return the count, or 0 when absent or invalid (the problem is recorded) */
    private static int count(EnvReader r, String name) {
        Optional<String> value = r.get(name);
        if (value.isEmpty()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n >= 0) {
                return n;
            }
            r.problem("SNAPSHOTS_" + name + " must not be negative, was " + n);
        } catch (NumberFormatException e) {
            r.problem("SNAPSHOTS_" + name + " '" + value.get() + "' is not a whole number");
        }
        return 0;
    }

    private static Duration maxAge(EnvReader r) {
        Optional<String> value = r.get("RETENTION_MAX_AGE");
        if (value.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            Duration d = Durations.parse(value.get());
            if (!d.isNegative()) {
                return d;
            }
            r.problem("SNAPSHOTS_RETENTION_MAX_AGE must not be negative, was '" + value.get() + "'");
        } catch (RuntimeException e) {
            r.problem("SNAPSHOTS_RETENTION_MAX_AGE '" + value.get() + "' is not a duration; use e.g. 30d, 12h or P30D");
        }
        return Duration.ZERO;
    }

    @Override
    public String toString() {
        return "schedules=" + schedules + verifySchedule.map(v -> ", verify=" + v).orElse("") + ", zone=" + zone
                + ", retention=" + retention + ", lock=" + (lockRedisUrl.isPresent() ? "redis" : "in-process");
    }
}

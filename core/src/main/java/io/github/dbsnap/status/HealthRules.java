package io.github.dbsnap.status;

import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.schedule.CronSchedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** The health rules of docs/operability.md, as a pure function of what is known about one database. */
final class HealthRules {
    private HealthRules() {
    }

    /**
     * What is known about one database; nullable components are unknown or absent.
     *
     * @param newest             the newest snapshot (from storage, or the last one stored by this process)
     * @param lastCreateSuccess  the last snapshot stored by this process
     * @param lastCreateFailure  the last failed snapshot attempt
     * @param lastVerifySuccess  the last successful verification
     * @param lastVerifyFailure  the last failed verification
     * @param watchingSince      since when a snapshot has been expected (the tracker's start; the epoch for the CLI)
     */
    record Facts(Instant now, SnapshotInfo newest, Instant lastCreateSuccess, DatabaseStatus.Failure lastCreateFailure,
                 Instant lastVerifySuccess, DatabaseStatus.Failure lastVerifyFailure, CronSchedule cron, ZoneId zone,
                 Duration maxAge, Instant watchingSince, String storageError) {
    }

    /** The health and one line saying why. */
    record Verdict(Health health, String reason) {
    }

    static Verdict judge(Facts f) {
        Instant newestAt = f.newest() == null ? null : f.newest().createdAt();
        DatabaseStatus.Failure cf = f.lastCreateFailure();
        if (cf != null && after(cf.at(), latest(f.lastCreateSuccess(), newestAt))) {
            return new Verdict(Health.FAILING, "the last snapshot attempt failed at " + cf.at() + ": " + cf.reason());
        }
        DatabaseStatus.Failure vf = f.lastVerifyFailure();
        if (vf != null && after(vf.at(), latest(f.lastVerifySuccess(), newestAt))) {
            return new Verdict(Health.FAILING, "the last verification failed at " + vf.at() + ": " + vf.reason());
        }
        if (f.storageError() != null) {
            return new Verdict(Health.FAILING, "storage cannot be listed: " + f.storageError());
        }
        if (f.newest() == null) {
            return noSnapshot(f);
        }
        Duration age = Duration.between(newestAt, f.now());
        if (f.maxAge() != null && age.compareTo(f.maxAge()) > 0) {
            return new Verdict(Health.STALE, "the newest snapshot is " + human(age) + " old, more than the maximum age of "
                    + human(f.maxAge()));
        }
        Optional<Instant> due = secondTickAfter(f, newestAt);
        if (due.isPresent() && f.now().isAfter(due.get())) {
            return new Verdict(Health.STALE, "the newest snapshot is " + human(age) + " old; the schedule '" + f.cron()
                    + "' has fired twice since");
        }
        return new Verdict(Health.OK, "the newest snapshot is " + human(age) + " old");
    }

    private static Verdict noSnapshot(Facts f) {
        if (f.cron() == null && f.maxAge() == null) {
            return new Verdict(Health.UNKNOWN, "no snapshot and no schedule");
        }
        Instant since = f.watchingSince();
        boolean late = f.maxAge() != null && f.now().isAfter(since.plus(f.maxAge()));
        Optional<Instant> due = secondTickAfter(f, since);
        late |= due.isPresent() && f.now().isAfter(due.get());
        return late ? new Verdict(Health.STALE, "there is no snapshot")
                : new Verdict(Health.UNKNOWN, "no snapshot yet");
    }

    /**
     * @return the schedule's second fire time after {@code t}: for an evenly spaced schedule, the newest
     *         snapshot is then older than twice the period; for an uneven one (weekdays only), no false alarm
     *         over the weekend
     */
    private static Optional<Instant> secondTickAfter(Facts f, Instant t) {
        if (f.cron() == null) {
            return Optional.empty();
        }
        return f.cron().next(t, f.zone()).flatMap(first -> f.cron().next(first, f.zone()));
    }

    /** @return the interval between the schedule's next two fire times after {@code now} */
    static Optional<Duration> period(CronSchedule cron, ZoneId zone, Instant now) {
        return cron.next(now, zone).flatMap(a -> cron.next(a, zone).map(b -> Duration.between(a, b)));
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static boolean after(Instant t, Instant reference) {
        return reference == null || t.isAfter(reference);
    }

    /** @return e.g. {@code 2d 3h}, {@code 5h 10m}, {@code 42s} */
    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s >= 86_400) {
            return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
        }
        if (s >= 3600) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s >= 60 ? s / 60 + "m " + s % 60 + "s" : s + "s";
    }
}

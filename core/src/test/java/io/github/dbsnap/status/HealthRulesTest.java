package io.github.dbsnap.status;

import io.github.dbsnap.Compression;
import io.github.dbsnap.Operation;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.schedule.CronSchedule;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class HealthRulesTest {
    private static final CronSchedule HOURLY = CronSchedule.parse("@hourly");
    private static final CronSchedule WEEKDAYS = CronSchedule.parse("0 3 * * MON-FRI");

    private static SnapshotInfo snapshot(String at) {
        return new SnapshotInfo("p/main.tar.zst", URI.create("memory:/p/main.tar.zst"), "main", 10, Instant.parse(at),
                Compression.ZSTD, false);
    }

    private static HealthRules.Facts facts(String now, SnapshotInfo newest, CronSchedule cron, Duration maxAge) {
        return new HealthRules.Facts(Instant.parse(now), newest, null, null, null, null, cron, ZoneOffset.UTC, maxAge,
                Instant.parse("2026-01-01T00:00:00Z"), null);
    }

    private static DatabaseStatus.Failure failure(String at, Operation op) {
        return new DatabaseStatus.Failure(Instant.parse(at), op, "boom", "StorageException");
    }

    @Test
    void staleOnceTheScheduleFiredTwiceSinceTheNewestSnapshot() {
        SnapshotInfo s = snapshot("2026-01-05T01:00:00Z");
        assertThat(HealthRules.judge(facts("2026-01-05T03:00:00Z", s, HOURLY, null)).health()).isEqualTo(Health.OK);
        assertThat(HealthRules.judge(facts("2026-01-05T03:00:01Z", s, HOURLY, null)).health()).isEqualTo(Health.STALE);
    }

    @Test
    void anUnevenScheduleGivesNoFalseAlarmOverTheWeekend() {
        SnapshotInfo friday = snapshot("2026-01-09T03:00:00Z");
        assertThat(HealthRules.judge(facts("2026-01-12T04:00:00Z", friday, WEEKDAYS, null)).health()).isEqualTo(Health.OK);
        assertThat(HealthRules.judge(facts("2026-01-13T03:00:01Z", friday, WEEKDAYS, null)).health()).isEqualTo(Health.STALE);
    }

    @Test
    void staleBeyondTheMaximumAgeWithoutASchedule() {
        SnapshotInfo s = snapshot("2026-01-05T00:00:00Z");
        assertThat(HealthRules.judge(facts("2026-01-06T11:00:00Z", s, null, Duration.ofHours(36))).health()).isEqualTo(Health.OK);
        HealthRules.Verdict v = HealthRules.judge(facts("2026-01-06T12:00:01Z", s, null, Duration.ofHours(36)));
        assertThat(v.health()).isEqualTo(Health.STALE);
        assertThat(v.reason()).contains("1d 12h old").contains("maximum age of 1d 12h");
        assertThat(HealthRules.judge(facts("2027-01-01T00:00:00Z", s, null, null)).health()).isEqualTo(Health.OK);
    }

    @Test
    void failingWhenTheLastAttemptFailedAfterTheNewestSnapshotAndOkAgainAfterANewerOne() {
        SnapshotInfo s = snapshot("2026-01-05T01:00:00Z");
        HealthRules.Facts f = new HealthRules.Facts(Instant.parse("2026-01-05T02:10:00Z"), s, null,
                failure("2026-01-05T02:00:00Z", Operation.CREATE), null, null, HOURLY, ZoneOffset.UTC, null, Instant.EPOCH, null);
        assertThat(HealthRules.judge(f).health()).isEqualTo(Health.FAILING);
        assertThat(HealthRules.judge(f).reason()).contains("boom");
        HealthRules.Facts later = new HealthRules.Facts(Instant.parse("2026-01-05T03:10:00Z"), snapshot("2026-01-05T03:00:00Z"),
                null, failure("2026-01-05T02:00:00Z", Operation.CREATE), null, null, HOURLY, ZoneOffset.UTC, null, Instant.EPOCH, null);
        assertThat(HealthRules.judge(later).health()).isEqualTo(Health.OK);
    }

    @Test
    void failingWhileStorageCannotBeListed() {
        HealthRules.Facts f = new HealthRules.Facts(Instant.parse("2026-01-05T02:10:00Z"), snapshot("2026-01-05T02:00:00Z"),
                null, null, null, null, HOURLY, ZoneOffset.UTC, null, Instant.EPOCH, "connection refused");
        assertThat(HealthRules.judge(f).health()).isEqualTo(Health.FAILING);
    }

    @Test
    void withoutASnapshotUnknownUntilTheScheduleHadTwoChancesThenStale() {
        assertThat(HealthRules.judge(facts("2030-01-01T00:00:00Z", null, null, null)).health()).isEqualTo(Health.UNKNOWN);
        assertThat(HealthRules.judge(facts("2026-01-01T01:30:00Z", null, HOURLY, null)).health()).isEqualTo(Health.UNKNOWN);
        assertThat(HealthRules.judge(facts("2026-01-01T02:00:01Z", null, HOURLY, null)).health()).isEqualTo(Health.STALE);
    }

    @Test
    void periodIsTheIntervalBetweenTheNextTwoFireTimes() {
        assertThat(HealthRules.period(HOURLY, ZoneOffset.UTC, Instant.parse("2026-01-01T00:10:00Z"))).contains(Duration.ofHours(1));
        assertThat(HealthRules.human(Duration.ofSeconds(93_784))).isEqualTo("1d 2h");
    }
}

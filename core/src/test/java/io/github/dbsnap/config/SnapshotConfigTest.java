package io.github.dbsnap.config;

import io.github.dbsnap.Compression;
import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.schedule.RetentionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotConfigTest {

    private static ConfigurationException failure(Map<String, String> env) {
        try {
            SnapshotConfig.fromEnvironment(env);
        } catch (ConfigurationException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigurationException");
    }

    @Test
    void defaultsScheduleNothingInUtcAndKeepEverything() {
        SnapshotConfig c = SnapshotConfig.fromEnvironment(Map.of());
        assertThat(c.enabled()).isTrue();
        assertThat(c.schedules()).isEmpty();
        assertThat(c.verifySchedule()).isEmpty();
        assertThat(c.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(c.retention()).isEqualTo(RetentionPolicy.NONE);
        assertThat(c.lockRedisUrl()).isEmpty();
    }

    @Test
    void commonScheduleAppliesToEveryDatabaseAndPerDatabaseSchedulesOverrideIt() {
        SnapshotConfig c = SnapshotConfig.fromEnvironment(Map.of(
                "SNAPSHOTS_CRON_SCHEDULE", "0 0 * * *",
                "SNAPSHOTS_REDIS_SCHEDULE", "@hourly",
                "REDIS_URL", "redis://localhost:6379/0",
                "SNAPSHOTS_VERIFY_SCHEDULE", "30 3 * * 0",
                "SNAPSHOTS_SCHEDULE_TIMEZONE", "Europe/Berlin"));
        assertThat(c.schedules()).containsExactlyInAnyOrderEntriesOf(Map.of("main", "0 0 * * *", "redis", "@hourly"));
        assertThat(c.verifySchedule()).contains("30 3 * * 0");
        assertThat(c.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(c.databases().get("main").settings().optional("schedule")).isEmpty();
    }

    @Test
    void aDatabaseScheduleOfAnUnconfiguredDatabaseIsValidatedButNotScheduled() {
        SnapshotConfig c = SnapshotConfig.fromEnvironment(Map.of("SNAPSHOTS_REDIS_SCHEDULE", "@daily"));
        assertThat(c.schedules()).isEmpty();
        assertThat(failure(Map.of("SNAPSHOTS_REDIS_SCHEDULE", "@never")).getMessage())
                .contains("SNAPSHOTS_REDIS_SCHEDULE");
    }

    @Test
    void theOlderSpellingIsAccepted() {
        SnapshotConfig c = SnapshotConfig.fromEnvironment(Map.of(
                "SNAPHOSTS_MAIN_SCHEDULE", "@daily", "SNAPHOSTS_RETENTION_KEEP_LAST", "7"));
        assertThat(c.schedules()).containsEntry("main", "@daily");
        assertThat(c.retention().keepLast()).isEqualTo(7);
    }

    @Test
    void bothSpellingsWithDifferentValuesIsAnErrorNamingBoth() {
        ConfigurationException e = failure(Map.of(
                "SNAPSHOTS_CRON_SCHEDULE", "@daily", "SNAPHOSTS_CRON_SCHEDULE", "@hourly"));
        assertThat(e.getMessage()).contains("SNAPSHOTS_CRON_SCHEDULE").contains("SNAPHOSTS_CRON_SCHEDULE");
        // the same value twice is fine
        assertThat(SnapshotConfig.fromEnvironment(Map.of(
                "SNAPSHOTS_CRON_SCHEDULE", "@daily", "SNAPHOSTS_CRON_SCHEDULE", "@daily")).schedules())
                .containsEntry("main", "@daily");
    }

    @Test
    void valuesAreReadFromFilesNamedByFileVariables(@TempDir Path dir) throws Exception {
        Path cron = Files.writeString(dir.resolve("cron"), "15 4 * * *\n");
        Path lock = Files.writeString(dir.resolve("lock"), "redis://:s3cret@lock-host:6379/0\n");
        SnapshotConfig c = SnapshotConfig.fromEnvironment(Map.of(
                "SNAPSHOTS_CRON_SCHEDULE_FILE", cron.toString(), "SNAPSHOTS_LOCK_REDIS_URL_FILE", lock.toString()));
        assertThat(c.schedules()).containsEntry("main", "15 4 * * *");
        assertThat(c.lockRedisUrl()).contains("redis://:s3cret@lock-host:6379/0");
    }

    @Test
    void enabledZeroDisablesSnapshots() {
        SnapshotConfig c = SnapshotConfig.fromEnvironment(Map.of("SNAPSHOTS_ENABLED", "0", "SNAPSHOTS_CRON_SCHEDULE", "@daily"));
        assertThat(c.enabled()).isFalse();
    }

    @Test
    void anInvalidCronExpressionIsAnErrorNamingTheVariable() {
        ConfigurationException e = failure(Map.of("SNAPSHOTS_MAIN_SCHEDULE", "61 * * * *"));
        assertThat(e.getMessage()).contains("SNAPSHOTS_MAIN_SCHEDULE").contains("61 * * * *");
        assertThat(failure(Map.of("SNAPSHOTS_VERIFY_SCHEDULE", "0 0 * *")).getMessage())
                .contains("SNAPSHOTS_VERIFY_SCHEDULE");
    }

    @Test
    void anUnknownTimeZoneIsAnError() {
        assertThat(failure(Map.of("SNAPSHOTS_SCHEDULE_TIMEZONE", "Mars/Olympus")).getMessage())
                .contains("SNAPSHOTS_SCHEDULE_TIMEZONE").contains("Mars/Olympus");
    }

    @Test
    void retentionIsReadAndValidated() {
        SnapshotConfig c = SnapshotConfig.fromEnvironment(Map.of(
                "SNAPSHOTS_RETENTION_KEEP_LAST", "3", "SNAPSHOTS_RETENTION_KEEP_DAILY", "7",
                "SNAPSHOTS_RETENTION_KEEP_WEEKLY", "4", "SNAPSHOTS_RETENTION_KEEP_MONTHLY", "12",
                "SNAPSHOTS_RETENTION_MAX_AGE", "30d"));
        assertThat(c.retention()).isEqualTo(new RetentionPolicy(3, 7, 4, 12, Duration.ofDays(30)));
        assertThat(failure(Map.of("SNAPSHOTS_RETENTION_KEEP_LAST", "-1")).getMessage())
                .contains("SNAPSHOTS_RETENTION_KEEP_LAST").contains("negative");
        assertThat(failure(Map.of("SNAPSHOTS_RETENTION_KEEP_DAILY", "seven")).getMessage())
                .contains("SNAPSHOTS_RETENTION_KEEP_DAILY").contains("not a whole number");
        assertThat(failure(Map.of("SNAPSHOTS_RETENTION_MAX_AGE", "a month")).getMessage())
                .contains("SNAPSHOTS_RETENTION_MAX_AGE");
        assertThat(failure(Map.of("SNAPSHOTS_RETENTION_MAX_AGE", "-P1D")).getMessage())
                .contains("SNAPSHOTS_RETENTION_MAX_AGE").contains("negative");
    }

    @Test
    void everyProblemIsReportedInOneException() {
        ConfigurationException e = failure(Map.of(
                "SNAPSHOTS_CRON_SCHEDULE", "61 * * * *",
                "SNAPSHOTS_SCHEDULE_TIMEZONE", "Nowhere/Town",
                "SNAPSHOTS_RETENTION_KEEP_WEEKLY", "-2",
                "SNAPSHOTS_RETENTION_MAX_AGE", "forever",
                "SNAPSHOTS_COMPRESSION", "lz4"));
        assertThat(e.problems()).hasSize(5);
        assertThat(String.join("\n", e.problems())).contains("SNAPSHOTS_CRON_SCHEDULE", "SNAPSHOTS_SCHEDULE_TIMEZONE",
                "SNAPSHOTS_RETENTION_KEEP_WEEKLY", "SNAPSHOTS_RETENTION_MAX_AGE", "SNAPSHOTS_COMPRESSION");
    }

    @Test
    void theLockUrlIsNeverPrinted() {
        SnapshotConfig c = SnapshotConfig.fromEnvironment(Map.of(
                "SNAPSHOTS_LOCK_REDIS_URL", "redis://:s3cret@lock-host:6379/0", "SNAPSHOTS_CRON_SCHEDULE", "@daily"));
        assertThat(c.toString()).doesNotContain("s3cret").doesNotContain("lock-host").contains("lock=redis")
                .contains("@daily");
    }
}

package io.github.dbsnap.schedule;

import io.github.dbsnap.Compression;
import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.Operation;
import io.github.dbsnap.config.SnapshotConfig;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.testing.MemoryStorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchedulerFromConfigTest {
    private final ManualTicker time = new ManualTicker(Instant.parse("2026-01-01T10:00:00Z"));
    private final SnapshotService service = SnapshotService.builder()
            .database("main", new ScriptedDatabaseSource()).storage(new MemoryStorageProvider())
            .compression(Compression.GZIP).zstdWorkers(0).hostname("test").build();

    @AfterEach
    void close() {
        service.close();
    }

    @Test
    void schedulesZoneAndRetentionComeFromTheConfiguration() {
        SnapshotConfig config = SnapshotConfig.fromEnvironment(Map.of(
                "SNAPSHOTS_CRON_SCHEDULE", "0 3 * * *", "SNAPSHOTS_VERIFY_SCHEDULE", "@hourly",
                "SNAPSHOTS_SCHEDULE_TIMEZONE", "Europe/Berlin", "SNAPSHOTS_RETENTION_KEEP_DAILY", "7"));
        try (SnapshotScheduler s = config.schedulerBuilder(service).ticker(time).build()) {
            s.start();
            assertThat(s.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
            assertThat(s.pruner().policy().keepDaily()).isEqualTo(7);
            assertThat(s.upcoming()).containsExactly(
                    new ScheduledRun("main", Operation.VERIFY, Instant.parse("2026-01-01T11:00:00Z"), 0),
                    new ScheduledRun("main", Operation.CREATE, Instant.parse("2026-01-02T02:00:00Z"), 0));
        }
    }

    @Test
    void disabledConfigurationSchedulesNothing() {
        SnapshotConfig config = SnapshotConfig.fromEnvironment(Map.of(
                "SNAPSHOTS_ENABLED", "0", "SNAPSHOTS_CRON_SCHEDULE", "@daily"));
        try (SnapshotScheduler s = config.newScheduler(service, null)) {
            s.start();
            assertThat(s.upcoming()).isEmpty();
        }
    }

    @Test
    void aScheduleForADatabaseTheServiceLacksIsAConfigurationError() {
        assertThatThrownBy(() -> SnapshotScheduler.builder().service(service).schedule("redis", "@daily").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'redis'");
    }

    @Test
    void theDefaultTickerRunsOnARealClockWithNamedDaemonThreads() throws Exception {
        SystemTicker ticker = new SystemTicker(Clock.systemUTC());
        try {
            CountDownLatch ran = new CountDownLatch(1);
            String[] thread = new String[1];
            boolean[] daemon = new boolean[1];
            ticker.schedule(Instant.now().plusMillis(20), () -> {
                thread[0] = Thread.currentThread().getName();
                daemon[0] = Thread.currentThread().isDaemon();
                ran.countDown();
            });
            Ticker.Cancellable cancelled = ticker.schedule(Instant.now().plusMillis(20), () -> {
                throw new AssertionError("cancelled task ran");
            });
            cancelled.cancel();
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(thread[0]).isEqualTo("dbsnap-scheduler-timer");
            assertThat(daemon[0]).isTrue();
        } finally {
            ticker.close();
        }
    }

    @Test
    void leaseTtlCoversTheSlotWithinBounds() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(ScheduledJob.leaseTtl(t, t.plus(Duration.ofHours(1)))).isEqualTo(Duration.ofHours(1));
        assertThat(ScheduledJob.leaseTtl(t, t.plusSeconds(10))).isEqualTo(Duration.ofMinutes(1));
        assertThat(ScheduledJob.leaseTtl(t, t.plus(Duration.ofDays(30)))).isEqualTo(Duration.ofDays(1));
        assertThat(ScheduledJob.leaseTtl(t, null)).isEqualTo(Duration.ofDays(1));
    }
}

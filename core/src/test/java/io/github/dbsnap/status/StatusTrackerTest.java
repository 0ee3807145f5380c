package io.github.dbsnap.status;

import io.github.dbsnap.Compression;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.schedule.CronSchedule;
import io.github.dbsnap.testing.MapSource;
import io.github.dbsnap.testing.MemoryStorageProvider;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatusTrackerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
    private final MemoryStorageProvider storage = new MemoryStorageProvider(clock);

    private SnapshotService service() {
        return SnapshotService.builder().database("main", new MapSource(new java.util.HashMap<>(Map.of("k", "v".getBytes())))).storage(storage)
                .compression(Compression.GZIP).zstdWorkers(0).clock(clock).hostname("t").build();
    }

    @Test
    void aRestartedTrackerKnowsTheNewestSnapshotFromStorageAndTurnsStale() {
        try (SnapshotService first = service()) {
            first.create("main");
        }
        clock.now = Instant.parse("2026-03-03T00:00:01Z");
        try (SnapshotService service = service();
             StatusTracker tracker = StatusTracker.builder(service).clock(clock).schedule("main", CronSchedule.parse("@daily"))
                     .build()) {
            DatabaseStatus s = tracker.status("main");
            assertThat(s.health()).isEqualTo(Health.STALE);
            assertThat(s.newestAge()).contains(Duration.ofDays(2).plusSeconds(1));
            assertThat(s.snapshotCount()).isEqualTo(1);
            assertThat(s.totalSize()).isPositive();
            assertThat(s.lastSuccess()).hasValueSatisfying(l -> assertThat(l.took()).isEmpty());
            assertThat(s.nextRun()).contains(Instant.parse("2026-03-04T00:00:00Z"));
            assertThat(s.reason()).contains("fired twice");

            service.create("main");
            assertThat(tracker.status().healthy()).isTrue();
            Map<String, Object> json = tracker.status().toMap();
            assertThat(json).containsEntry("healthy", true).containsKey("databases");
        }
    }

    @Test
    void maxAgeAppliesWithoutASchedule() {
        try (SnapshotService service = service();
             StatusTracker tracker = StatusTracker.builder(service).clock(clock).maxAge(Duration.ofHours(1)).build()) {
            assertThat(tracker.status("main").health()).isEqualTo(Health.UNKNOWN);
            service.create("main");
            clock.now = clock.now.plus(Duration.ofMinutes(61));
            assertThat(tracker.status("main").health()).isEqualTo(Health.STALE);
        }
    }

    /** A clock a test sets. */
    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

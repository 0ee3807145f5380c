package io.github.dbsnap.schedule;

import io.github.dbsnap.Compression;
import io.github.dbsnap.Operation;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.testing.MemoryStorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotSchedulerTest {
    private final ScriptedDatabaseSource source = new ScriptedDatabaseSource();
    private final RecordingListener events = new RecordingListener();
    private ManualTicker time;
    private SnapshotService service;
    private SnapshotScheduler scheduler;

    @BeforeEach
    void setUp() {
        startAt(Instant.parse("2025-12-31T23:30:00Z"));
    }

    private void startAt(Instant start) {
        if (service != null) {
            service.close();
        }
        time = new ManualTicker(start);
        service = SnapshotService.builder()
                .database("main", source).storage(new MemoryStorageProvider(time.clock()))
                .compression(Compression.GZIP).zstdWorkers(0).clock(time.clock()).hostname("test").build();
    }

    private SnapshotSchedulerBuilder builder() {
        return SnapshotScheduler.builder().service(service).ticker(time).listener(events)
                .backoff(Duration.ofMinutes(1), Duration.ofMinutes(15)).closeTimeout(Duration.ofSeconds(5));
    }

    private SnapshotScheduler start(SnapshotSchedulerBuilder b) {
        scheduler = b.build();
        scheduler.start();
        return scheduler;
    }

    @AfterEach
    void tearDown() {
        if (scheduler != null) {
            scheduler.close();
        }
        service.close();
    }

    @Test
    void takesASnapshotAtEachTick() throws Exception {
        start(builder().schedule("main", "@daily"));
        assertThat(scheduler.upcoming()).containsExactly(
                new ScheduledRun("main", Operation.CREATE, Instant.parse("2026-01-01T00:00:00Z"), 0));

        time.advanceTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(events.next()).isEqualTo("succeeded CREATE main 2026-01-01T00:00:00Z #1");
        time.advanceTo(Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(events.next()).isEqualTo("succeeded CREATE main 2026-01-02T00:00:00Z #1");

        assertThat(service.list("main")).extracting(s -> s.createdAt().toString())
                .containsExactly("2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z");
        assertThat(scheduler.upcoming()).extracting(ScheduledRun::tick).containsExactly(Instant.parse("2026-01-03T00:00:00Z"));
    }

    @Test
    void aTickWhileThePreviousRunIsGoingIsSkippedAndReported() throws Exception {
        start(builder().schedule("main", "* * * * *"));
        source.block();
        time.advanceTo(Instant.parse("2025-12-31T23:31:00Z"));
        assertThat(source.awaitEntered(5)).isTrue();

        time.advanceTo(Instant.parse("2025-12-31T23:32:00Z"));
        assertThat(events.next()).isEqualTo("skipped main 2025-12-31T23:32:00Z STILL_RUNNING");

        source.release();
        assertThat(events.next()).isEqualTo("succeeded CREATE main 2025-12-31T23:31:00Z #1");
        assertThat(source.dumps()).isEqualTo(1);
    }

    @Test
    void aFailedRunIsRetriedWithExponentialBackoffWithinItsSlot() throws Exception {
        start(builder().schedule("main", "@daily"));
        source.failNext(2);
        time.advanceTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(events.next()).isEqualTo("attempt-failed main 2026-01-01T00:00:00Z #1 retry 2026-01-01T00:01:00Z");
        time.advanceTo(Instant.parse("2026-01-01T00:01:00Z"));
        assertThat(events.next()).isEqualTo("attempt-failed main 2026-01-01T00:00:00Z #2 retry 2026-01-01T00:03:00Z");
        time.advanceTo(Instant.parse("2026-01-01T00:03:00Z"));
        assertThat(events.next()).isEqualTo("succeeded CREATE main 2026-01-01T00:00:00Z #3");
        assertThat(service.list("main")).hasSize(1);
    }

    @Test
    void aRunThatFailsEveryAttemptIsReportedAndTheScheduleGoesOn() throws Exception {
        start(builder().schedule("main", "@daily"));
        source.failNext(3);
        time.advanceTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(events.next()).startsWith("attempt-failed main 2026-01-01T00:00:00Z #1");
        time.advance(Duration.ofMinutes(1));
        assertThat(events.next()).startsWith("attempt-failed main 2026-01-01T00:00:00Z #2");
        time.advance(Duration.ofMinutes(2));
        assertThat(events.next()).isEqualTo("failed main 2026-01-01T00:00:00Z #3");
        assertThat(service.list("main")).isEmpty();

        time.advanceTo(Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(events.next()).isEqualTo("succeeded CREATE main 2026-01-02T00:00:00Z #1");
    }

    @Test
    void retriesNeverRunIntoTheNextTick() throws Exception {
        start(builder().schedule("main", "*/2 * * * *").backoff(Duration.ofMinutes(2), Duration.ofMinutes(2)));
        source.failNext(1);
        time.advanceTo(Instant.parse("2025-12-31T23:32:00Z"));
        assertThat(events.next()).isEqualTo("failed main 2025-12-31T23:32:00Z #1");
        time.advanceTo(Instant.parse("2025-12-31T23:34:00Z"));
        assertThat(events.next()).isEqualTo("succeeded CREATE main 2025-12-31T23:34:00Z #1");
    }

    @Test
    void aTickLeasedByAnotherInstanceIsSkipped() throws Exception {
        InProcessSchedulerLock shared = new InProcessSchedulerLock(time.clock());
        Instant tick = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(shared.tryAcquire("dbsnap:lock:main:" + tick.getEpochSecond(), Duration.ofHours(1))).isPresent();
        start(builder().schedule("main", "@daily").lock(shared));

        time.advanceTo(tick);
        assertThat(events.next()).isEqualTo("skipped main 2026-01-01T00:00:00Z LOCKED_ELSEWHERE");
        assertThat(source.dumps()).isZero();
    }

    @Test
    void twoSchedulersSharingALockRunEachTickOnce() throws Exception {
        InProcessSchedulerLock shared = new InProcessSchedulerLock(time.clock());
        RecordingListener other = new RecordingListener();
        start(builder().schedule("main", "@daily").lock(shared));
        try (SnapshotScheduler second = SnapshotScheduler.builder().service(service).ticker(time).listener(other)
                .schedule("main", "@daily").lock(shared).build()) {
            second.start();
            time.advanceTo(Instant.parse("2026-01-01T00:00:00Z"));
            String a = events.next();
            String b = other.next();
            assertThat(java.util.List.of(a, b)).containsExactlyInAnyOrder(
                    "succeeded CREATE main 2026-01-01T00:00:00Z #1", "skipped main 2026-01-01T00:00:00Z LOCKED_ELSEWHERE");
        }
        assertThat(source.dumps()).isEqualTo(1);
    }

    @Test
    void retentionIsAppliedAfterEachSuccessfulSnapshot() throws Exception {
        start(builder().schedule("main", "@hourly").retention(new RetentionPolicy(2, 0, 0, 0, null)));
        for (int h = 0; h < 3; h++) {
            Instant tick = Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofHours(h));
            time.advanceTo(tick);
            assertThat(events.next()).isEqualTo("succeeded CREATE main " + tick + " #1");
            assertThat(events.next()).isEqualTo("pruned main kept " + Math.min(h + 1, 2) + " deleted " + (h == 2 ? 1 : 0));
        }
        assertThat(service.list("main")).extracting(s -> s.createdAt().toString())
                .containsExactly("2026-01-01T02:00:00Z", "2026-01-01T01:00:00Z");
    }

    @Test
    void dailyJobRunsOnceOnTheSpringForwardDay() throws Exception {
        runDailyInNewYork("30 2 * * *", "2024-03-09T00:00", "2024-03-09T07:30:00Z", "2024-03-10T07:30:00Z", "2024-03-11T06:30:00Z");
    }

    @Test
    void dailyJobRunsOnceOnTheFallBackDay() throws Exception {
        runDailyInNewYork("30 1 * * *", "2024-11-02T00:00", "2024-11-02T05:30:00Z", "2024-11-03T05:30:00Z", "2024-11-04T06:30:00Z");
    }

    /** Advances a day at a time, expecting exactly one run per day at the given instants. */
    private void runDailyInNewYork(String cron, String localStart, String... expectedTicks) throws Exception {
        ZoneId ny = ZoneId.of("America/New_York");
        startAt(LocalDateTime.parse(localStart).atZone(ny).toInstant());
        start(builder().schedule("main", cron).zone(ny));
        for (String expected : expectedTicks) {
            time.advance(Duration.ofDays(1));
            assertThat(events.next()).isEqualTo("succeeded CREATE main " + expected + " #1");
            assertThat(events.isEmpty()).isTrue();
        }
    }

    @Test
    void verificationChecksTheNewestSnapshotOnItsOwnSchedule() throws Exception {
        start(builder().schedule("main", "@daily").verifySchedule("30 * * * *"));
        time.advanceTo(Instant.parse("2025-12-31T23:30:00Z").plusSeconds(1)); // nothing yet at the start
        time.advanceTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(events.next()).isEqualTo("succeeded CREATE main 2026-01-01T00:00:00Z #1");
        time.advanceTo(Instant.parse("2026-01-01T00:30:00Z"));
        assertThat(events.next()).isEqualTo("succeeded VERIFY main 2026-01-01T00:30:00Z #1");
    }

    @Test
    void verificationWithNoSnapshotIsSkipped() throws Exception {
        start(builder().verifySchedule("@hourly"));
        time.advanceTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(events.next()).isEqualTo("skipped main 2026-01-01T00:00:00Z NOTHING_TO_VERIFY");
    }

    @Test
    void closeLetsARunningSnapshotFinish() throws Exception {
        start(builder().schedule("main", "@daily"));
        source.block();
        time.advanceTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(source.awaitEntered(5)).isTrue();

        Thread closer = new Thread(scheduler::close);
        closer.start();
        closer.join(200);
        assertThat(closer.isAlive()).as("close waits for the running snapshot").isTrue();
        source.release();
        closer.join(5000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(events.next()).isEqualTo("succeeded CREATE main 2026-01-01T00:00:00Z #1");
        assertThat(service.list("main")).hasSize(1);

        time.advanceTo(Instant.parse("2026-01-03T00:00:00Z"));
        assertThat(source.dumps()).as("no run after close").isEqualTo(1);
        assertThat(time.pending()).isZero();
    }

    @Test
    void closeInterruptsARunThatOutlivesTheTimeoutAndLeavesNoObject() throws Exception {
        start(builder().schedule("main", "@daily").closeTimeout(Duration.ofMillis(100)));
        source.block();
        time.advanceTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(source.awaitEntered(5)).isTrue();

        scheduler.close();
        assertThat(events.next()).isEqualTo("failed main 2026-01-01T00:00:00Z #1");
        assertThat(service.list("main")).isEmpty();
    }

    @Test
    void aThrowingListenerDoesNotStopTheScheduler() throws Exception {
        start(builder().schedule("main", "@daily").listener(new ScheduleListener() {
            @Override
            public void onRunSucceeded(ScheduledRun run, io.github.dbsnap.SnapshotInfo snapshot) {
                throw new IllegalStateException("boom");
            }
        }));
        time.advanceTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(events.next()).startsWith("succeeded");
        time.advanceTo(Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(events.next()).startsWith("succeeded CREATE main 2026-01-02");
    }
}

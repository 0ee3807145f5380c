package io.github.dbsnap.schedule;

import io.github.dbsnap.Compression;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.metrics.MicrometerSnapshotMetrics;
import io.github.dbsnap.notify.NotifyingListener;
import io.github.dbsnap.notify.WebhookNotifier;
import io.github.dbsnap.status.DatabaseStatus;
import io.github.dbsnap.status.Health;
import io.github.dbsnap.status.StatusTracker;
import io.github.dbsnap.testing.SwitchableStorageProvider;
import io.github.dbsnap.testing.WebhookReceiver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 end to end: with storage unreachable, scheduled runs fail; status, the failure webhook and
 * the metrics all show it within one period; when storage returns, the next run clears it.
 */
class FailureVisibilityTest {
    private final ScriptedDatabaseSource source = new ScriptedDatabaseSource();
    private final RecordingListener events = new RecordingListener();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ManualTicker time;
    private SwitchableStorageProvider storage;
    private SnapshotService service;
    private StatusTracker tracker;
    private WebhookReceiver receiver;
    private WebhookNotifier notifier;
    private SnapshotScheduler scheduler;

    @BeforeEach
    void setUp() throws Exception {
        time = new ManualTicker(Instant.parse("2026-01-01T00:30:00Z"));
        storage = new SwitchableStorageProvider(time.clock());
        service = SnapshotService.builder().database("main", source).storage(storage).compression(Compression.GZIP)
                .zstdWorkers(0).clock(time.clock()).hostname("test").build();
        tracker = StatusTracker.builder(service).clock(time.clock()).build();
        MicrometerSnapshotMetrics metrics = MicrometerSnapshotMetrics.bind(registry, service, time.clock());
        receiver = new WebhookReceiver();
        notifier = WebhookNotifier.builder().heartbeatUrl(receiver.url("/ping/secret-token"))
                .failureUrl(receiver.url("/fail/secret-token")).timeout(Duration.ofSeconds(2))
                .backoff(Duration.ofMillis(20)).build();
        // the recording listener goes last: once it has an event, the others have seen it
        scheduler = SnapshotScheduler.builder().service(service).ticker(time).schedule("main", "@hourly").maxAttempts(1)
                .closeTimeout(Duration.ofSeconds(5)).listener(tracker).listener(metrics)
                .listener(new NotifyingListener(notifier, time.clock(), "test-host")).listener(events).build();
        tracker.watch(scheduler);
        scheduler.start();
    }

    @AfterEach
    void tearDown() {
        scheduler.close();
        notifier.close();
        receiver.close();
        tracker.close();
        service.close();
    }

    private double count(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private double age() {
        return registry.get("dbsnap.snapshot.age.seconds").tag("database", "main").gauge().value();
    }

    @Test
    @DisplayName("an unreachable storage turns status FAILING, calls the failure webhook and shows in metrics; the next good run clears it")
    void failureIsVisibleEverywhereAndClearsOnTheNextGoodRun() throws Exception {
        time.advanceTo(Instant.parse("2026-01-01T01:00:00Z"));
        assertThat(events.next()).isEqualTo("succeeded CREATE main 2026-01-01T01:00:00Z #1");
        assertThat(receiver.next()).isEqualTo("GET /ping/secret-token");
        DatabaseStatus ok = tracker.status("main");
        assertThat(ok.health()).isEqualTo(Health.OK);
        assertThat(ok.nextRun()).contains(Instant.parse("2026-01-01T02:00:00Z"));
        assertThat(ok.schedulePeriod()).contains(Duration.ofHours(1));
        assertThat(ok.lastSuccess()).hasValueSatisfying(s -> assertThat(s.took()).isPresent());
        assertThat(ok.snapshotCount()).isEqualTo(1);

        storage.reachable(false);
        time.advanceTo(Instant.parse("2026-01-01T02:00:00Z"));
        assertThat(events.next()).isEqualTo("failed main 2026-01-01T02:00:00Z #1");

        DatabaseStatus failing = tracker.status("main");
        assertThat(failing.health()).isEqualTo(Health.FAILING);
        assertThat(tracker.status().healthy()).isFalse();
        assertThat(failing.lastFailure()).hasValueSatisfying(f -> {
            assertThat(f.operation()).hasToString("CREATE");
            assertThat(f.cause()).isEqualTo("StorageException");
            assertThat(f.at()).isEqualTo(Instant.parse("2026-01-01T02:00:00Z"));
        });
        assertThat(failing.storageError()).hasValueSatisfying(e -> assertThat(e).contains("unreachable"));
        assertThat(failing.newestSnapshot()).isPresent(); // remembered from this process while storage is down

        String hook = receiver.next();
        assertThat(hook).startsWith("POST /fail/secret-token ").contains("\"database\":\"main\"")
                .contains("\"operation\":\"create\"").contains("\"cause\":\"StorageException\"")
                .contains("\"host\":\"test-host\"").contains("\"time\":\"2026-01-01T02:00:00Z\"");

        assertThat(count("dbsnap.snapshot.operations", "database", "main", "operation", "create", "outcome", "failure")).isEqualTo(1);
        assertThat(count("dbsnap.snapshot.failures", "operation", "create", "cause", "StorageException")).isEqualTo(1);
        assertThat(count("dbsnap.schedule.runs", "outcome", "failure")).isEqualTo(1);
        assertThat(age()).isEqualTo(3600);

        storage.reachable(true);
        time.advanceTo(Instant.parse("2026-01-01T03:00:00Z"));
        assertThat(events.next()).isEqualTo("succeeded CREATE main 2026-01-01T03:00:00Z #1");
        assertThat(receiver.next()).isEqualTo("GET /ping/secret-token");
        DatabaseStatus cleared = tracker.status("main");
        assertThat(cleared.health()).isEqualTo(Health.OK);
        assertThat(cleared.lastFailure()).isPresent(); // history is kept, health is judged on what came after
        assertThat(cleared.storageError()).isEmpty();
        assertThat(cleared.snapshotCount()).isEqualTo(2);
        assertThat(count("dbsnap.snapshot.operations", "operation", "create", "outcome", "success")).isEqualTo(2);
        assertThat(age()).isZero();
        assertThat(receiver.poll(100)).isNull();
    }

    @Test
    @DisplayName("a failed scheduled verification feeds status, metrics and the failure webhook; a newer snapshot clears it")
    void failedVerificationIsVisible() throws Exception {
        scheduler.close();
        scheduler = SnapshotScheduler.builder().service(service).ticker(time).schedule("main", "@hourly")
                .verifySchedule("30 * * * *").maxAttempts(1).listener(tracker)
                .listener(new NotifyingListener(notifier, time.clock(), "test-host")).listener(events).build();
        tracker.watch(scheduler);
        scheduler.start();
        time.advanceTo(Instant.parse("2026-01-01T01:00:00Z"));
        assertThat(events.next()).startsWith("succeeded CREATE");
        assertThat(receiver.next()).startsWith("GET /ping");

        String key = service.list("main").get(0).key();
        storage.memory().put(key, "not a snapshot".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        time.advanceTo(Instant.parse("2026-01-01T01:30:00Z"));
        assertThat(events.next()).isEqualTo("failed main 2026-01-01T01:30:00Z #1");
        DatabaseStatus failing = tracker.status("main");
        assertThat(failing.health()).isEqualTo(Health.FAILING);
        assertThat(failing.reason()).contains("verification failed");
        assertThat(failing.lastVerification()).hasValueSatisfying(v -> assertThat(v.ok()).isFalse());
        assertThat(receiver.next()).startsWith("POST /fail").contains("\"operation\":\"verify\"");
        assertThat(count("dbsnap.snapshot.operations", "operation", "verify", "outcome", "failure")).isEqualTo(1);

        time.advanceTo(Instant.parse("2026-01-01T02:00:00Z"));
        assertThat(events.next()).startsWith("succeeded CREATE");
        assertThat(receiver.next()).startsWith("GET /ping");
        assertThat(tracker.status("main").health()).isEqualTo(Health.OK);
        time.advanceTo(Instant.parse("2026-01-01T02:30:00Z"));
        assertThat(events.next()).startsWith("succeeded VERIFY");
        assertThat(receiver.poll(100)).as("verifications send no heartbeat").isNull();
        assertThat(count("dbsnap.snapshot.operations", "operation", "verify", "outcome", "success")).isEqualTo(1);
        assertThat(registry.get("dbsnap.snapshot.duration").tags("operation", "verify").timer().count()).isEqualTo(1);
    }
}

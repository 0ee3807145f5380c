package io.github.dbsnap.notify;

import io.github.dbsnap.Operation;
import io.github.dbsnap.config.SnapshotConfig;
import io.github.dbsnap.ConfigurationException;
import io.github.dbsnap.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookNotifierTest {
    private static NotificationEvent failure() {
        return new NotificationEvent("main", Operation.CREATE, Instant.parse("2026-01-01T00:00:00Z"), "h",
                Optional.empty(), 3, Optional.empty(), 0, Optional.of("storage down"), Optional.of("StorageException"));
    }

    @Test
    void aFailedDeliveryIsRetriedWithBackoffThenGivenUp() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
             WebhookNotifier n = WebhookNotifier.builder().failureUrl(receiver.url("/f")).maxAttempts(2)
                     .backoff(Duration.ofMillis(10)).timeout(Duration.ofSeconds(2)).build()) {
            receiver.failNext(1);
            n.onFailure(failure());
            assertThat(receiver.next()).startsWith("POST /f {\"event\":\"failure\",\"database\":\"main\"");
            assertThat(receiver.next()).as("retried after a 500").startsWith("POST /f ").contains("\"error\":\"storage down\"");

            receiver.failNext(5);
            n.onFailure(failure());
            receiver.next();
            receiver.next();
            assertThat(receiver.poll(200)).as("bounded: two attempts only").isNull();
        }
    }

    @Test
    void heartbeatsOnlyForSnapshotsAndNothingWithoutUrls() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
             WebhookNotifier n = WebhookNotifier.builder().heartbeatUrl(receiver.url("/hb?status=up")).build()) {
            NotificationEvent verified = new NotificationEvent("main", Operation.VERIFY, Instant.EPOCH, "h", Optional.empty(), 1,
                    Optional.of(URI.create("memory:/x")), 1, Optional.empty(), Optional.empty());
            n.onSuccess(verified);
            n.onFailure(failure()); // no failure URL
            n.onSuccess(new NotificationEvent("main", Operation.CREATE, Instant.EPOCH, "h", Optional.empty(), 1,
                    Optional.of(URI.create("memory:/x")), 1, Optional.empty(), Optional.empty()));
            assertThat(receiver.next()).isEqualTo("GET /hb?status=up");
            assertThat(receiver.poll(100)).isNull();
        }
    }

    @Test
    void anUnreachableReceiverNeverBlocksTheCaller() {
        try (WebhookNotifier n = WebhookNotifier.builder().failureUrl(URI.create("http://127.0.0.1:1/f"))
                .backoff(Duration.ofMillis(1)).timeout(Duration.ofMillis(500)).build()) {
            long t = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                n.onFailure(failure());
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void configReadsTheUrlsAndNeverShowsThem() {
        SnapshotConfig c = SnapshotConfig.fromEnvironment(Map.of(
                "SNAPSHOTS_NOTIFY_HEARTBEAT_URL", "https://hc.example/ping/tok3n",
                "SNAPSHOTS_NOTIFY_FAILURE_URL", "https://hc.example/ping/tok3n/fail",
                "SNAPSHOTS_STATUS_MAX_AGE", "36h"));
        assertThat(c.notifyHeartbeatUrl()).contains(URI.create("https://hc.example/ping/tok3n"));
        assertThat(c.statusMaxAge()).contains(Duration.ofHours(36));
        assertThat(c.toString()).doesNotContain("tok3n").contains("notify=heartbeat+failure");
        assertThat(c.webhookNotifier()).isPresent().get().satisfies(WebhookNotifier::close);
        assertThat(SnapshotConfig.fromEnvironment(Map.of()).webhookNotifier()).isEmpty();

        assertThatThrownBy(() -> SnapshotConfig.fromEnvironment(Map.of("SNAPSHOTS_NOTIFY_FAILURE_URL", "ftp://x/s3cret",
                "SNAPSHOTS_STATUS_MAX_AGE", "soon")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SNAPSHOTS_NOTIFY_FAILURE_URL").hasMessageContaining("SNAPSHOTS_STATUS_MAX_AGE")
                .hasMessageNotContaining("s3cret");
    }
}

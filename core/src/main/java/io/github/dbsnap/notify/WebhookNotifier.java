package io.github.dbsnap.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dbsnap.Operation;
import io.github.dbsnap.spi.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Notifier} that calls webhooks with the JDK {@link HttpClient}: a {@code GET} of the heartbeat
 * URL after each successful scheduled snapshot (the dead-man's-switch style of healthchecks.io or Uptime
 * Kuma push monitors: silence means trouble), and a JSON {@code POST} to the failure URL for each
 * failure. Verification successes send no heartbeat, so that they cannot hide missing snapshots.
 *
 * <p>Deliveries run on one daemon thread of its own ({@code dbsnap-notify}), never on the caller's:
 * each request has a timeout and is retried on I/O errors, 5xx and 429 answers, with doubling backoff,
 * a bounded number of times. A delivery that still fails is logged (WARN) and dropped. At most
 * {@value #MAX_PENDING} deliveries wait; more are dropped. URLs may carry tokens and are never logged.
 * Thread-safe; {@link #close()} stops the thread, dropping retries not yet due.
 */
public final class WebhookNotifier implements Notifier {
    private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_PENDING = 100;

    private final URI heartbeatUrl;
    private final URI failureUrl;
    private final HttpClient client;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration backoff;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicInteger pending = new AtomicInteger();

    WebhookNotifier(WebhookNotifierBuilder b) {
        this.heartbeatUrl = b.heartbeatUrl;
        this.failureUrl = b.failureUrl;
        this.timeout = b.timeout;
        this.maxAttempts = b.maxAttempts;
        this.backoff = b.backoff;
        this.client = HttpClient.newBuilder().connectTimeout(b.timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.executor = new ScheduledThreadPoolExecutor(1, DaemonThreads.factory("dbsnap-notify"));
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** @return a new builder */
    public static WebhookNotifierBuilder builder() {
        return new WebhookNotifierBuilder();
    }

    @Override
    public void onSuccess(NotificationEvent event) {
        if (heartbeatUrl != null && event.operation() == Operation.CREATE) {
            submit("heartbeat", HttpRequest.newBuilder(heartbeatUrl).timeout(timeout).GET().build());
        }
    }

    @Override
    public void onFailure(NotificationEvent event) {
        if (failureUrl == null) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", "failure");
        body.put("database", event.database());
        body.put("operation", event.operation().name().toLowerCase(Locale.ROOT));
        body.put("error", event.error().orElse(""));
        body.put("cause", event.cause().orElse(null));
        body.put("time", event.time().toString());
        body.put("host", event.host());
        body.put("scheduledAt", event.tick().map(Object::toString).orElse(null));
        body.put("attempt", event.attempt());
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (java.io.IOException e) {
            log.warn("Failure notification could not be written: {}", e.getClass().getSimpleName());
            return;
        }
        submit("failure", HttpRequest.newBuilder(failureUrl).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(json)).build());
    }

    private void submit(String kind, HttpRequest request) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            log.warn("Dropping a {} notification: {} deliveries are waiting already", kind, MAX_PENDING);
            return;
        }
        schedule(kind, request, 1, Duration.ZERO);
    }

    private void schedule(String kind, HttpRequest request, int attempt, Duration delay) {
        try {
            executor.schedule(() -> send(kind, request, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
        }
    }

    private void send(String kind, HttpRequest request, int attempt) {
        String problem;
        boolean retriable;
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status < 400) {
                pending.decrementAndGet();
                log.debug("The {} webhook answered {}", kind, status);
                return;
            }
            problem = "HTTP " + status;
            retriable = status >= 500 || status == 429;
        } catch (java.io.IOException e) {
            // the exception's class only: some messages repeat the URL, which may carry a token
            problem = e.getClass().getSimpleName();
            retriable = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.decrementAndGet();
            return;
        }
        if (retriable && attempt < maxAttempts && !executor.isShutdown()) {
            Duration wait = backoff.multipliedBy(1L << Math.min(attempt - 1, 10));
            log.warn("The {} webhook failed ({}), attempt {} of {}; retrying in {} ms", kind, problem, attempt, maxAttempts,
                    wait.toMillis());
            schedule(kind, request, attempt + 1, wait);
            return;
        }
        pending.decrementAndGet();
        log.warn("The {} webhook failed ({}) after {} attempt(s); notification dropped", kind, problem, attempt);
    }

    /** Stops the delivery thread; a delivery in progress may finish within its timeout, retries not yet due are dropped. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

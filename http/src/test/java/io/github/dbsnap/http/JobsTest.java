package io.github.dbsnap.http;

import io.github.dbsnap.Operation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The job registry: what it keeps, how many run at once, where progress goes. */
class JobsTest {
    private final Jobs jobs = new Jobs();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        jobs.close();
        assertThat(jobs.awaitIdle(Duration.ofSeconds(30))).isTrue();
    }

    private void succeed(Job j) {
        j.succeeded(Map.of(), 1, Instant.now());
    }

    private void block(Job j) {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        succeed(j);
    }

    private static void awaitFinished(Job j) {
        while (j.running()) {
            Thread.onSpinWait();
        }
    }

    @Test
    @DisplayName("only the last 50 jobs are kept, newest first; the oldest finished ones are forgotten")
    void keepsTheLastFifty() {
        List<Job> started = new ArrayList<>();
        for (int i = 0; i < Jobs.KEPT + 10; i++) {
            Job j = jobs.submit(Operation.CREATE, "main", null, this::succeed, () -> { });
            awaitFinished(j);
            started.add(j);
        }
        assertThat(jobs.all()).hasSize(Jobs.KEPT);
        assertThat(jobs.all().get(0)).isSameAs(started.get(started.size() - 1));
        assertThat(jobs.get(started.get(0).id)).isEmpty();
        assertThat(jobs.get(started.get(10).id)).isPresent();
    }

    @Test
    @DisplayName("a ninth running job is refused with 409 and its release runs at once; after close, 503")
    void boundedAndClosable() {
        AtomicInteger released = new AtomicInteger();
        for (int i = 0; i < Jobs.MAX_RUNNING; i++) {
            jobs.submit(Operation.CREATE, "main", null, this::block, released::incrementAndGet);
        }
        assertThatThrownBy(() -> jobs.submit(Operation.RESTORE, "redis", 10L, this::succeed, released::incrementAndGet))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThat(released).hasValue(1);
        jobs.close();
        assertThatThrownBy(() -> jobs.submit(Operation.CREATE, "main", null, this::succeed, () -> { }))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    @DisplayName("progress reaches the one running job of that database and operation, and no other")
    void progressIsRouted() {
        Job restore = jobs.submit(Operation.RESTORE, "main", 1000L, this::block, () -> { });
        Job create = jobs.submit(Operation.CREATE, "main", null, this::block, () -> { });
        jobs.onProgress("main", Operation.RESTORE, 400);
        jobs.onProgress("redis", Operation.RESTORE, 900);
        jobs.onProgress("main", Operation.VERIFY, 999);
        assertThat(restore.toMap("u")).containsEntry("bytesDone", 400L).containsEntry("bytesTotal", 1000L);
        assertThat(create.toMap("u")).containsEntry("bytesDone", 0L);

        Job second = jobs.submit(Operation.CREATE, "main", null, this::block, () -> { });
        jobs.onProgress("main", Operation.CREATE, 777);
        assertThat(create.toMap("u").get("bytesDone")).as("two creates of main: ambiguous, not counted").isEqualTo(0L);
        assertThat(second.toMap("u").get("bytesDone")).isEqualTo(0L);
    }
}

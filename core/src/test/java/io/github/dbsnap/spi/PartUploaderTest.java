package io.github.dbsnap.spi;

import io.github.dbsnap.testing.Streams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared bounded parallel part uploader of the S3 and Azure providers. */
class PartUploaderTest {
    private final ExecutorService executor = Executors.newFixedThreadPool(8, DaemonThreads.factory("test-parts"));

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    @DisplayName("parts come back in order, replay their bytes, and never more than the limit are in flight")
    void orderedAndBounded() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        InputStream data = Streams.pseudoRandom(10L * 1000 + 7, 5);
        List<String> digests = new ArrayList<>();
        try (PartUploader<Integer> up = new PartUploader<>(executor, 3, (n, part) -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(5); // hold the slot so that parts overlap
                assertThat(Streams.sha256(part.newInputStream())).isEqualTo(Streams.sha256(part.newInputStream()));
                return n;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        })) {
            for (Part p = Part.read(data, 1000); p.length() > 0; p = Part.read(data, 1000)) {
                digests.add(Streams.sha256(p.newInputStream()));
                up.submit(p);
            }
            assertThat(up.finish()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        }
        assertThat(digests).hasSize(11);
        assertThat(peak.get()).isBetween(1, 3);
    }

    @Test
    @DisplayName("the first failure is thrown to the caller, later parts are skipped and close waits for running ones")
    void firstFailureStopsTheRest() throws Exception {
        AtomicInteger uploaded = new AtomicInteger();
        AtomicInteger stillRunning = new AtomicInteger();
        PartUploader<Integer> up = new PartUploader<>(executor, 2, (n, part) -> {
            if (n == 1) {
                throw new IllegalStateException("part 1 refused");
            }
            stillRunning.incrementAndGet();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stillRunning.decrementAndGet();
            }
            uploaded.incrementAndGet();
            return n;
        });
        InputStream data = Streams.pseudoRandom(100_000, 1);
        assertThatThrownBy(() -> {
            try (up) {
                for (int i = 0; i < 100; i++) {
                    up.submit(Part.read(data, 1000));
                }
                up.finish();
            }
        }).isInstanceOf(IllegalStateException.class).hasMessage("part 1 refused");
        assertThat(stillRunning.get()).as("close waited for the running parts").isZero();
        assertThat(uploaded.get()).isLessThanOrEqualTo(2);
    }

    @Test
    @DisplayName("every part is released once its upload ended, failed or was skipped, so its chunks go back to the pool")
    void partsAreReleased() throws Exception {
        List<Part> parts = new ArrayList<>();
        InputStream data = Streams.pseudoRandom(20_000, 6);
        try (PartUploader<Integer> up = new PartUploader<>(executor, 2, (n, part) -> n)) {
            for (Part p = Part.read(data, 1000); p.length() > 0; p = Part.read(data, 1000)) {
                parts.add(p);
                up.submit(p);
            }
            up.finish();
        }
        List<Part> failed = new ArrayList<>();
        InputStream more = Streams.pseudoRandom(20_000, 7);
        assertThatThrownBy(() -> {
            try (PartUploader<Integer> up = new PartUploader<>(executor, 1, (n, part) -> {
                throw new IllegalStateException("refused");
            })) {
                for (int i = 0; i < 20; i++) {
                    Part p = Part.read(more, 1000);
                    failed.add(p);
                    up.submit(p);
                }
            }
        }).hasMessage("refused");
        parts.addAll(failed);
        assertThat(parts).hasSizeGreaterThan(20).allSatisfy(p ->
                assertThatThrownBy(p::newInputStream).as("released").isInstanceOf(IllegalStateException.class));
    }
}

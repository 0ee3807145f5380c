package io.github.dbsnap.schedule;

import io.github.dbsnap.spi.SchedulerLock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class InProcessSchedulerLockTest {
    private final ManualTicker time = new ManualTicker(Instant.parse("2026-01-01T00:00:00Z"));
    private final InProcessSchedulerLock lock = new InProcessSchedulerLock(time.clock());

    @Test
    void onlyOneHolderAtATime() {
        Optional<SchedulerLock.Lease> first = lock.tryAcquire("dbsnap:lock:main:1", Duration.ofMinutes(1));
        assertThat(first).isPresent();
        assertThat(lock.tryAcquire("dbsnap:lock:main:1", Duration.ofMinutes(1))).isEmpty();
        assertThat(lock.tryAcquire("dbsnap:lock:main:2", Duration.ofMinutes(1))).isPresent();
    }

    @Test
    void eachAcquisitionGetsItsOwnToken() {
        SchedulerLock.Lease a = lock.tryAcquire("a", Duration.ofMinutes(1)).orElseThrow();
        SchedulerLock.Lease b = lock.tryAcquire("b", Duration.ofMinutes(1)).orElseThrow();
        assertThat(a.token()).isNotEqualTo(b.token()).hasSize(32);
        assertThat(a.expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
    }

    @Test
    void expiredLeaseCanBeTakenByAnother() {
        lock.tryAcquire("x", Duration.ofMinutes(1)).orElseThrow();
        time.advance(Duration.ofMinutes(1));
        assertThat(lock.tryAcquire("x", Duration.ofMinutes(1))).isPresent();
    }

    @Test
    void releaseFreesTheNameOnlyForItsHolder() {
        SchedulerLock.Lease old = lock.tryAcquire("x", Duration.ofMinutes(1)).orElseThrow();
        time.advance(Duration.ofMinutes(2));
        SchedulerLock.Lease current = lock.tryAcquire("x", Duration.ofMinutes(1)).orElseThrow();

        assertThat(old.release()).isFalse();
        assertThat(lock.tryAcquire("x", Duration.ofMinutes(1))).as("still held by the current holder").isEmpty();
        assertThat(current.release()).isTrue();
        assertThat(current.release()).as("idempotent").isFalse();
        assertThat(lock.tryAcquire("x", Duration.ofMinutes(1))).isPresent();
    }
}

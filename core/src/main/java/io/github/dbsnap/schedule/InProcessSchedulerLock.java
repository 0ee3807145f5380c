package io.github.dbsnap.schedule;

import io.github.dbsnap.spi.SchedulerLock;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SchedulerLock} held in this JVM: it coordinates several schedulers in one process, not
 * several processes (use the Redis lock of {@code dbsnap-redis} for those). The default lock of a
 * {@link SnapshotScheduler}. Thread-safe; expired leases are purged as new ones are taken.
 */
public final class InProcessSchedulerLock implements SchedulerLock {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Map<String, Held> leases = new ConcurrentHashMap<>();

    private record Held(String token, Instant expiresAt) {
    }

    /** A lock on the system UTC clock. */
    public InProcessSchedulerLock() {
        this(Clock.systemUTC());
    }

    /** @param clock the clock leases expire by */
    public InProcessSchedulerLock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Lease> tryAcquire(String name, Duration ttl) {
        Objects.requireNonNull(name, "name");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        Instant now = clock.instant();
        leases.values().removeIf(h -> !h.expiresAt().isAfter(now));
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        Held mine = new Held(HexFormat.of().formatHex(bytes), now.plus(ttl));
        Held current = leases.compute(name, (k, h) -> h == null || !h.expiresAt().isAfter(now) ? mine : h);
        return current == mine ? Optional.of(new InProcessLease(name, mine)) : Optional.empty();
    }

    private final class InProcessLease implements Lease {
        private final String name;
        private final Held held;

        InProcessLease(String name, Held held) {
            this.name = name;
            this.held = held;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String token() {
            return held.token();
        }

        @Override
        public Instant expiresAt() {
            return held.expiresAt();
        }

        @Override
        public boolean release() {
            // remove(key, value) compares the stored record, so only this acquisition's token matches
            return leases.remove(name, held) && held.expiresAt().isAfter(clock.instant());
        }

        @Override
        public String toString() {
            return "Lease{" + name + ", expires " + held.expiresAt() + "}";
        }
    }
}

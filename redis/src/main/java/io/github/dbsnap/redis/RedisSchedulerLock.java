package io.github.dbsnap.redis;

import io.github.dbsnap.StorageException;
import io.github.dbsnap.spi.ProviderConfig;
import io.github.dbsnap.spi.SchedulerLock;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lease lock in Redis so that each scheduled run happens on exactly one of several instances
 * ({@code SNAPSHOTS_LOCK_REDIS_URL}). Acquiring is {@code SET name token NX PX ttl} with a fresh
 * 128-bit random token, so the lease ends by the Redis server's clock; releasing deletes the key only
 * if it still holds that token (a compare-and-delete Lua script). Each call opens a short connection,
 * so the lock survives Redis restarts between ticks. Works on a standalone Redis (not a cluster).
 *
 * <p>Found by {@code SchedulerLocks.create("redis", config)} through {@link RedisSchedulerLockFactory}.
 * Thread-safe; close it when done.
 */
public final class RedisSchedulerLock implements SchedulerLock, AutoCloseable {
    private static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "return redis.call('DEL', KEYS[1]) else return 0 end";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisConnector connector;

    private RedisSchedulerLock(RedisConnector connector) {
        this.connector = connector;
    }

    /**
     * @param url {@code redis://[user:pass@]host:port/db} or {@code rediss://…}; a secret, never shown
     * @throws io.github.dbsnap.ConfigurationException when the URL is invalid
     */
    public static RedisSchedulerLock create(String url) {
        return new RedisSchedulerLock(new RedisConnector(RedisSourceConfig.from(
                ProviderConfig.of(Map.of("url", Objects.requireNonNull(url, "url"), "timeout", "10s"))), false));
    }

    /**
     * Tries to take the lease {@code name} for {@code ttl}; never waits for it.
     *
     * @return the lease, or empty when someone else holds an unexpired lease on that name
     * @throws StorageException when Redis cannot be reached
     */
    @Override
    public Optional<SchedulerLock.Lease> tryAcquire(String name, Duration ttl) {
        Objects.requireNonNull(name, "name");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        byte[] raw = new byte[16];
        RANDOM.nextBytes(raw);
        String token = HexFormat.of().formatHex(raw);
        Instant expires = Instant.now().plus(ttl);
        try (StatefulRedisConnection<byte[], byte[]> c = connect()) {
            String ok = c.sync().set(bytes(name), bytes(token), SetArgs.Builder.nx().px(ttl.toMillis()));
            return "OK".equals(ok) ? Optional.of(new Lease(name, token, expires)) : Optional.empty();
        } catch (RuntimeException e) {
            throw new StorageException("redis lock '" + name + "' at " + connector.config().location()
                    + " could not be acquired: " + e.getMessage(), e);
        }
    }

    private StatefulRedisConnection<byte[], byte[]> connect() {
        return connector.connect(connector.config().database());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        connector.close();
    }

    @Override
    public String toString() {
        return "RedisSchedulerLock{" + connector.config().location() + "}";
    }

    /** A lease held by this instance; thread-safe. */
    public final class Lease implements SchedulerLock.Lease {
        private final String name;
        private final String token;
        private final Instant expiresAt;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(String name, String token, Instant expiresAt) {
            this.name = name;
            this.token = token;
            this.expiresAt = expiresAt;
        }

        /** @return the lease name */
        public String name() {
            return name;
        }

        /** @return this acquisition's random token */
        public String token() {
            return token;
        }

        /** @return when the lease ends at the latest, by this instance's clock */
        public Instant expiresAt() {
            return expiresAt;
        }

        /**
         * Ends the lease if this holder still holds it; idempotent.
         *
         * @return true when this call removed the lease; false when it had expired, was released, or
         *         belongs to someone else now (left alone)
         * @throws StorageException when Redis cannot be reached
         */
        public boolean release() {
            if (!released.compareAndSet(false, true)) {
                return false;
            }
            try (StatefulRedisConnection<byte[], byte[]> c = connect()) {
                Long n = c.sync().eval(RELEASE, ScriptOutputType.INTEGER, new byte[][] {bytes(name)}, bytes(token));
                return n != null && n == 1;
            } catch (RuntimeException e) {
                throw new StorageException("redis lock '" + name + "' could not be released: " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "Lease{" + name + ", expires " + expiresAt + "}";
        }
    }
}

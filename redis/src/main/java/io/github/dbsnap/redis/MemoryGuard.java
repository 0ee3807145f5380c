package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.lettuce.core.api.StatefulRedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;

/**
 * Keeps a staged restore from pushing a server with {@code maxmemory} into evicting keys (or refusing
 * writes): before staging it compares the memory the snapshot needs (its {@code dataset_bytes}
 * metadata) with what is free below {@link #HEADROOM} of {@code maxmemory}, and before each batch it
 * projects the batch's memory from the growth seen so far. Refuses unless {@code allow-eviction} is set.
 * Also counts evictions during staging, for the check before the swap. Uses its own connection;
 * not thread-safe.
 */
final class MemoryGuard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MemoryGuard.class);
    /** Staging may fill {@code maxmemory} up to this share, leaving the rest for the application's writes. */
    static final double HEADROOM = 0.9;
    /** Redis's own overhead per key beyond its DUMP payload, roughly (dict entry, robj, sds header). */
    private static final long KEY_OVERHEAD = 128;

    private final StatefulRedisConnection<byte[], byte[]> conn;
    private final RedisSourceConfig config;
    private final long maxmemory;
    private final String policy;
    private final long usedAtStart;
    private final long evictedAtStart;
    private long sentBytes;

    private MemoryGuard(StatefulRedisConnection<byte[], byte[]> conn, RedisSourceConfig config) {
        this.conn = conn;
        this.config = config;
        String memory = conn.sync().info("memory");
        this.maxmemory = ServerInfo.number(memory, "maxmemory", 0);
        String p = ServerInfo.field(memory, "maxmemory_policy");
        this.policy = p == null ? "unknown" : p.toLowerCase(Locale.ROOT);
        this.usedAtStart = ServerInfo.number(memory, "used_memory", 0);
        this.evictedAtStart = evicted();
    }

    /**
     * Reads the server's memory settings and refuses at once when the snapshot is known not to fit.
     *
     * @param metadata the snapshot's {@code snapshot.json} metadata ({@code dataset_bytes} may be absent)
     * @throws DatabaseSourceException when staging would go beyond {@link #HEADROOM} of {@code maxmemory}
     */
    static MemoryGuard start(RedisConnector connector, Map<String, String> metadata) {
        StatefulRedisConnection<byte[], byte[]> conn = connector.connect(connector.config().database());
        try {
            MemoryGuard g = new MemoryGuard(conn, connector.config());
            long need = parse(metadata.get(RedisSource.DATASET_BYTES));
            if (g.enforced() && g.usedAtStart + need > g.limit()) {
                throw g.refusal(g.usedAtStart, need, "the snapshot's data set took " + mib(need) + " when it was taken");
            }
            if (g.maxmemory > 0) {
                log.debug("Staging under maxmemory {} (policy {}, {} used, snapshot needs about {}, allow-eviction={})",
                        mib(g.maxmemory), g.policy, mib(g.usedAtStart), mib(need), connector.config().allowEviction());
            }
            return g;
        } catch (RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    private boolean enforced() {
        return maxmemory > 0 && !config.allowEviction();
    }

    private long limit() {
        return (long) (maxmemory * HEADROOM);
    }

    /**
     * Called before each batch is sent: refuses it when, at the rate memory grew so far (at least twice
     * the payload bytes), this batch and the one still in flight would go beyond the limit.
     */
    void beforeBatch(int keys, long payloadBytes) {
        if (!enforced()) {
            return;
        }
        long used = ServerInfo.number(conn.sync().info("memory"), "used_memory", 0);
        double ratio = sentBytes == 0 ? 2 : Math.max(2, (double) (used - usedAtStart) / sentBytes);
        long projected = 2 * ((long) (ratio * payloadBytes) + KEY_OVERHEAD * keys);
        if (used + projected > limit()) {
            throw refusal(used, projected, "the staged keys so far took " + mib(Math.max(0, used - usedAtStart)));
        }
        sentBytes += payloadBytes;
    }

    /** @return keys Redis evicted (from any database) since staging started */
    long evictedSince() {
        return evicted() - evictedAtStart;
    }

    private long evicted() {
        return ServerInfo.number(conn.sync().info("stats"), "evicted_keys", 0);
    }

    private DatabaseSourceException refusal(long used, long need, String why) {
        String effect = policy.equals("noeviction")
                ? "Redis would refuse writes (OOM), the application's included"
                : "Redis would evict keys (policy " + policy + "), live ones included";
        return new DatabaseSourceException("redis: not enough memory to stage a restore of " + config.location()
                + " next to the live data: maxmemory is " + mib(maxmemory) + " (dbsnap stages up to "
                + Math.round(HEADROOM * 100) + "% of it), " + mib(used) + " is used and staging needs about "
                + mib(need) + " more (" + why + "); " + effect + ". Live data unchanged. Raise maxmemory, or set "
                + "allow-eviction=true (SNAPSHOTS_REDIS_ALLOW_EVICTION) to accept that");
    }

    private static long parse(String v) {
        try {
            return v == null ? 0 : Math.max(0, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    @Override
    public void close() {
        conn.close();
    }
}

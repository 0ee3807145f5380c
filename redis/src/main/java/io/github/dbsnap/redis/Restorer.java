package io.github.dbsnap.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RestoreArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.util.ArrayList;
import java.util.List;

/**
 * Sends pipelined {@code RESTORE key expire-at payload REPLACE ABSTTL} commands in batches of
 * {@code batchSize} keys or {@link #BATCH_BYTES}, waiting for each batch's replies before the next, so
 * that memory stays bounded. Works on a standalone connection (into its selected database) and on a
 * cluster connection (each key goes to its slot's primary). Not thread-safe.
 */
final class Restorer {
    static final int BATCH_BYTES = 8 * 1024 * 1024;

    private final StatefulConnection<byte[], byte[]> conn;
    private final RedisClusterAsyncCommands<byte[], byte[]> async;
    private final int batchSize;
    private final long timeoutMillis;
    private final List<RedisFuture<String>> pending = new ArrayList<>();
    private long pendingBytes;
    private long restored;

    Restorer(StatefulConnection<byte[], byte[]> conn, RedisClusterAsyncCommands<byte[], byte[]> async,
             int batchSize, long timeoutMillis) {
        this.conn = conn;
        this.async = async;
        this.batchSize = batchSize;
        this.timeoutMillis = timeoutMillis;
        conn.setAutoFlushCommands(false);
    }

    void add(KeyRecord r) {
        // ABSTTL with 0 means "no expiry"; an expiry already past makes Redis skip the key
        long ttl = r.expireAt() == KeyRecord.NO_EXPIRY ? 0 : r.expireAt();
        pending.add(async.restore(r.key(), r.payload(), new RestoreArgs().ttl(ttl).absttl().replace()));
        pendingBytes += r.encodedSize();
        if (pending.size() >= batchSize || pendingBytes >= BATCH_BYTES) {
            drain();
        }
    }

    /** Sends what is queued, waits for it and turns automatic flushing back on. */
    long finish() {
        drain();
        conn.setAutoFlushCommands(true);
        return restored;
    }

    /** @return keys restored so far */
    long restored() {
        return restored;
    }

    private void drain() {
        if (pending.isEmpty()) {
            return;
        }
        conn.flushCommands();
        try {
            Errors.awaitAll(pending, timeoutMillis, "RESTORE");
            restored += pending.size();
        } finally {
            pending.clear();
            pendingBytes = 0;
        }
    }
}

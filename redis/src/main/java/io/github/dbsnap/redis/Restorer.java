package io.github.dbsnap.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RestoreArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.RedisKeyAsyncCommands;

import java.util.ArrayList;
import java.util.List;

/**
 * Sends pipelined {@code RESTORE key expire-at payload REPLACE ABSTTL} commands in batches of
 * {@code batchSize} keys or {@link #BATCH_BYTES}, waiting for each batch's replies before the next, so
 * that memory stays bounded. Restores into the database the connection has selected. Not thread-safe.
 */
final class Restorer implements KeySink {
    static final int BATCH_BYTES = 8 * 1024 * 1024;

    private final StatefulConnection<byte[], byte[]> conn;
    private final RedisKeyAsyncCommands<byte[], byte[]> async;
    private final int batchSize;
    private final long timeoutMillis;
    private final List<RedisFuture<String>> pending = new ArrayList<>();
    private long pendingBytes;
    private long restored;
    private boolean pipelining;

    Restorer(StatefulConnection<byte[], byte[]> conn, RedisKeyAsyncCommands<byte[], byte[]> async,
             int batchSize, long timeoutMillis) {
        this.conn = conn;
        this.async = async;
        this.batchSize = batchSize;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void add(KeyRecord r) {
        if (!pipelining) {
            // only from the first key on, so the connection can still be used synchronously before
            conn.setAutoFlushCommands(false);
            pipelining = true;
        }
        // ABSTTL with 0 means "no expiry"; an expiry already past makes Redis skip the key
        long ttl = r.expireAt() == KeyRecord.NO_EXPIRY ? 0 : r.expireAt();
        pending.add(async.restore(r.key(), r.payload(), new RestoreArgs().ttl(ttl).absttl().replace()));
        pendingBytes += r.encodedSize();
        if (pending.size() >= batchSize || pendingBytes >= BATCH_BYTES) {
            drain();
        }
    }

    /** Sends what is queued, waits for it and turns automatic flushing back on. */
    @Override
    public long finish() {
        drain();
        if (pipelining) {
            conn.setAutoFlushCommands(true);
            pipelining = false;
        }
        return restored;
    }

    /** @return keys restored so far */
    @Override
    public long restored() {
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

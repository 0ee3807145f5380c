package io.github.dbsnap.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RestoreArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisKeyAsyncCommands;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores keys into the database the connection has selected with {@code RESTORE key expire-at payload
 * REPLACE ABSTTL}, in batches of {@code batchSize} keys or {@link #BATCH_BYTES}: per key, pipelined, or
 * (standalone servers) one {@link LuaScript#RESTORE} call per batch, with the next batch built while
 * the server runs the previous one. Memory stays bounded to two batches. Not thread-safe.
 */
final class Restorer implements KeySink {
    static final int BATCH_BYTES = 8 * 1024 * 1024;

    private final StatefulRedisConnection<byte[], byte[]> conn;
    private final int batchSize;
    private final long timeoutMillis;
    private final boolean scripted;
    private final List<KeyRecord> batch = new ArrayList<>();
    private LuaScript.Call<Long> inFlight;
    private long batchBytes;
    private long restored;
    private boolean pipelining;

    /** @param scripted send one {@link LuaScript#RESTORE} per batch (loaded by the caller; not for a cluster) */
    Restorer(StatefulRedisConnection<byte[], byte[]> conn, int batchSize, long timeoutMillis, boolean scripted) {
        this.conn = conn;
        this.batchSize = batchSize;
        this.timeoutMillis = timeoutMillis;
        this.scripted = scripted;
    }

    /** A restorer for a standalone server: scripted if the server accepts the script, else per key. */
    static Restorer standalone(StatefulRedisConnection<byte[], byte[]> conn, RedisConnector connector) {
        RedisSourceConfig c = connector.config();
        boolean scripted = connector.scripts() && LuaScript.RESTORE.load(conn);
        return new Restorer(conn, c.batchSize(), c.timeout().toMillis(), scripted);
    }

    @Override
    public void add(KeyRecord r) {
        if (!pipelining) {
            // only from the first key on, so the connection can still be used synchronously before
            conn.setAutoFlushCommands(false);
            pipelining = true;
        }
        batch.add(r);
        batchBytes += r.encodedSize();
        if (batch.size() >= batchSize || batchBytes >= BATCH_BYTES) {
            send();
        }
    }

    /** Sends what is queued, waits for it and turns automatic flushing back on. */
    @Override
    public long finish() {
        try {
            send();
            awaitInFlight();
        } finally {
            if (pipelining) {
                conn.setAutoFlushCommands(true);
                pipelining = false;
            }
        }
        return restored;
    }

    /** @return keys restored so far */
    @Override
    public long restored() {
        return restored;
    }

    private void send() {
        if (batch.isEmpty()) {
            return;
        }
        try {
            if (scripted) {
                LuaScript.Call<Long> call = LuaScript.RESTORE.send(conn, keys(), args());
                conn.flushCommands();
                awaitInFlight();
                inFlight = call;
            } else {
                pipelined();
            }
        } finally {
            batch.clear();
            batchBytes = 0;
        }
    }

    private void awaitInFlight() {
        if (inFlight != null) {
            LuaScript.Call<Long> call = inFlight;
            inFlight = null;
            call.await(timeoutMillis, "RESTORE");
            restored += call.keyArray().length;
        }
    }

    private void pipelined() {
        RedisKeyAsyncCommands<byte[], byte[]> async = conn.async();
        List<RedisFuture<String>> pending = new ArrayList<>(batch.size());
        for (KeyRecord r : batch) {
            pending.add(async.restore(r.key(), r.payload(), new RestoreArgs().ttl(ttl(r)).absttl().replace()));
        }
        conn.flushCommands();
        RedisErrors.awaitAll(pending, timeoutMillis, "RESTORE");
        restored += pending.size();
    }

    private byte[][] keys() {
        byte[][] keys = new byte[batch.size()][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = batch.get(i).key();
        }
        return keys;
    }

    private byte[][] args() {
        byte[][] args = new byte[2 * batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            KeyRecord r = batch.get(i);
            args[2 * i] = Long.toString(ttl(r)).getBytes(StandardCharsets.US_ASCII);
            args[2 * i + 1] = r.payload();
        }
        return args;
    }

    /** ABSTTL with 0 means "no expiry"; an expiry already past makes Redis skip the key. */
    private static long ttl(KeyRecord r) {
        return r.expireAt() == KeyRecord.NO_EXPIRY ? 0 : r.expireAt();
    }
}

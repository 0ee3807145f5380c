package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
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
 * the server runs the previous one. Memory stays bounded to two batches. A counting restorer (for a
 * staging database that starts empty) also counts the keys it created, by whether they expire, and
 * runs a check before each batch. Not thread-safe.
 */
final class Restorer implements KeySink {
    static final int BATCH_BYTES = 8 * 1024 * 1024;

    /** Runs before each batch is sent; throws to stop the restore. */
    interface BatchCheck {
        void beforeBatch(int keys, long payloadBytes);
    }

    private final StatefulRedisConnection<byte[], byte[]> conn;
    private final int batchSize;
    private final long timeoutMillis;
    private final boolean scripted;
    private final BatchCheck check;
    private final List<KeyRecord> batch = new ArrayList<>();
    private LuaScript.Call<?> inFlight;
    private long batchBytes;
    private long restored;
    private long persistent;
    private long expiring;
    private boolean pipelining;

    /** @param scripted send one {@link LuaScript#RESTORE} per batch (loaded by the caller; not for a cluster) */
    Restorer(StatefulRedisConnection<byte[], byte[]> conn, int batchSize, long timeoutMillis, boolean scripted) {
        this(conn, batchSize, timeoutMillis, scripted, null);
    }

    /** @param check null for a plain restorer, else a counting one that calls it before each batch */
    private Restorer(StatefulRedisConnection<byte[], byte[]> conn, int batchSize, long timeoutMillis, boolean scripted,
                     BatchCheck check) {
        this.conn = conn;
        this.batchSize = batchSize;
        this.timeoutMillis = timeoutMillis;
        this.scripted = scripted;
        this.check = check;
    }

    /** A restorer for a standalone server: scripted if the server accepts the script, else per key. */
    static Restorer standalone(StatefulRedisConnection<byte[], byte[]> conn, RedisConnector connector) {
        RedisSourceConfig c = connector.config();
        boolean scripted = connector.scripts() && LuaScript.RESTORE.load(conn);
        return new Restorer(conn, c.batchSize(), c.timeout().toMillis(), scripted);
    }

    /** A counting restorer for an empty staging database on a standalone server; see {@link #persistent()}. */
    static Restorer counting(StatefulRedisConnection<byte[], byte[]> conn, RedisConnector connector, BatchCheck check) {
        RedisSourceConfig c = connector.config();
        boolean scripted = connector.scripts() && LuaScript.RESTORE_COUNTED.load(conn);
        return new Restorer(conn, c.batchSize(), c.timeout().toMillis(), scripted, check);
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

    /** @return (counting restorer) distinct keys created without an expiry */
    long persistent() {
        return persistent;
    }

    /** @return (counting restorer) distinct keys created with an expiry (not already past when restored) */
    long expiring() {
        return expiring;
    }

    private void send() {
        if (batch.isEmpty()) {
            return;
        }
        try {
            if (check != null) {
                check.beforeBatch(batch.size(), batchBytes);
            }
            if (scripted) {
                LuaScript.Call<?> call = (check == null ? LuaScript.RESTORE : LuaScript.RESTORE_COUNTED)
                        .send(conn, keys(), args());
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
            LuaScript.Call<?> call = inFlight;
            inFlight = null;
            Object reply = call.await(timeoutMillis, "RESTORE");
            if (reply instanceof List<?> counts) {
                persistent += (Long) counts.get(0);
                expiring += (Long) counts.get(1);
            }
            restored += call.keyArray().length;
        }
    }

    private void pipelined() {
        RedisKeyAsyncCommands<byte[], byte[]> async = conn.async();
        List<RedisFuture<String>> pending = new ArrayList<>(batch.size());
        List<RedisFuture<Long>> exists = new ArrayList<>(batch.size());
        for (KeyRecord r : batch) {
            RestoreArgs args = new RestoreArgs().ttl(ttl(r)).absttl();
            // counting: no REPLACE, so that a key SCAN returned twice shows up as BUSYKEY
            pending.add(async.restore(r.key(), r.payload(), check == null ? args.replace() : args));
            exists.add(check == null || ttl(r) == 0 ? null : async.exists(r.key()));
        }
        conn.flushCommands();
        List<KeyRecord> twice = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            try {
                RedisErrors.await(pending.get(i), timeoutMillis, "RESTORE");
            } catch (DatabaseSourceException e) {
                if (check == null || e.getMessage() == null || !e.getMessage().contains("BUSYKEY")) {
                    throw e;
                }
                twice.add(batch.get(i));
                continue;
            }
            if (check != null && exists.get(i) == null) {
                persistent++;
            } else if (check != null && RedisErrors.await(exists.get(i), timeoutMillis, "EXISTS") == 1) {
                expiring++;
            }
        }
        restored += pending.size();
        conn.setAutoFlushCommands(true);
        try {
            for (KeyRecord r : twice) {
                replaceDuplicate(r);
            }
        } finally {
            conn.setAutoFlushCommands(false);
        }
    }

    /** A key restored before in this restore: replace it, and count it by its final expiry. */
    private void replaceDuplicate(KeyRecord r) {
        var sync = conn.sync();
        if (sync.pttl(r.key()) == -1) {
            persistent--;
        } else {
            expiring--;
        }
        sync.restore(r.key(), r.payload(), new RestoreArgs().ttl(ttl(r)).absttl().replace());
        if (ttl(r) == 0) {
            persistent++;
        } else if (sync.exists(r.key()) == 1) {
            expiring++;
        }
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

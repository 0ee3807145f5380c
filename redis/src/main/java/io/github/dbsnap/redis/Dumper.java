package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Copies every key of the database a connection has selected: {@code SCAN} pages, and for each page
 * either one {@link LuaScript#DUMP} call (standalone Redis 7+) or pipelined {@code DUMP} plus
 * {@code PEXPIRETIME} per key (or {@code PTTL} with the server's {@code TIME} on servers before 7.0).
 * Keys that vanish between {@code SCAN} and {@code DUMP} are skipped.
 */
final class Dumper {
    /** Payload bytes after which one script call stops and leaves the rest of the page to the next. */
    static final int SCRIPT_BYTES = 8 * 1024 * 1024;

    private final StatefulRedisConnection<byte[], byte[]> conn;
    private final int batchSize;
    private final long timeoutMillis;
    private final boolean hasExpireTime;
    private final boolean scripted;
    private final byte[][] scriptArgs;
    private final long payloadLimit;
    private boolean memoryUsage = true;
    private long skipped;

    /**
     * @param scripted     use {@link LuaScript#DUMP} (loaded by the caller; needs PEXPIRETIME, no cluster)
     * @param payloadLimit the largest DUMP payload to accept ({@link RedisSourceConfig#payloadLimit()})
     */
    Dumper(StatefulRedisConnection<byte[], byte[]> conn, int batchSize, long timeoutMillis, ServerInfo server,
           boolean scripted, long payloadLimit) {
        this(conn, batchSize, timeoutMillis, server, scripted, SCRIPT_BYTES, payloadLimit);
    }

    Dumper(StatefulRedisConnection<byte[], byte[]> conn, int batchSize, long timeoutMillis, ServerInfo server,
           boolean scripted, int scriptBytes, long payloadLimit) {
        this.conn = conn;
        this.batchSize = batchSize;
        this.timeoutMillis = timeoutMillis;
        this.hasExpireTime = server.majorVersion() >= 7;
        this.scripted = scripted && hasExpireTime;
        this.payloadLimit = payloadLimit;
        this.scriptArgs = new byte[][] {Integer.toString(scriptBytes).getBytes(StandardCharsets.US_ASCII),
                Long.toString(payloadLimit).getBytes(StandardCharsets.US_ASCII)};
    }

    /** Writes every key to {@code out}; the connection is left with automatic flushing on. */
    void dumpTo(SegmentWriter out) throws IOException {
        RedisAsyncCommands<byte[], byte[]> async = conn.async();
        ScanArgs args = ScanArgs.Builder.limit(batchSize);
        conn.setAutoFlushCommands(false);
        try {
            RedisFuture<KeyScanCursor<byte[]>> page = async.scan(ScanCursor.INITIAL, args);
            LuaScript.Call<List<Object>> previous = null;
            while (page != null) {
                conn.flushCommands();
                KeyScanCursor<byte[]> keys = RedisErrors.await(page, timeoutMillis, "SCAN");
                // ask for the next page in the same round trip as this page's DUMPs
                page = keys.isFinished() ? null : async.scan(keys, args);
                if (!scripted) {
                    dumpPage(async, keys.getKeys(), out);
                    continue;
                }
                // two script calls in flight: the server dumps this page while we decode the previous one
                LuaScript.Call<List<Object>> current = keys.getKeys().isEmpty() ? null
                        : dumpScript(keys.getKeys().toArray(new byte[0][]));
                conn.flushCommands();
                if (previous != null) {
                    writeScriptReply(previous, out);
                }
                previous = current;
            }
            if (previous != null) {
                writeScriptReply(previous, out);
            }
        } finally {
            conn.setAutoFlushCommands(true);
        }
    }

    /** Dumps a list of keys with the script path, as if SCAN had returned them; for tests. */
    void dumpKeys(List<byte[]> keys, SegmentWriter out) throws IOException {
        conn.setAutoFlushCommands(false);
        try {
            if (scripted) {
                LuaScript.Call<List<Object>> call = dumpScript(keys.toArray(new byte[0][]));
                conn.flushCommands();
                writeScriptReply(call, out);
            } else {
                dumpPage(conn.async(), keys, out);
            }
        } finally {
            conn.setAutoFlushCommands(true);
        }
    }

    private LuaScript.Call<List<Object>> dumpScript(byte[][] keys) {
        return LuaScript.DUMP.send(conn, keys, scriptArgs);
    }

    /** Writes one script reply; if the script stopped at its byte limit, sends the rest of the page again. */
    private void writeScriptReply(LuaScript.Call<List<Object>> call, SegmentWriter out) throws IOException {
        while (true) {
            byte[][] keys = call.keyArray();
            List<Object> reply = call.await(timeoutMillis, "DUMP");
            int done = reply.size() / 2;
            if (done == 0) {
                throw new IllegalStateException("the DUMP script returned nothing for " + keys.length + " keys");
            }
            for (int i = 0; i < done; i++) {
                long expiry = (Long) reply.get(2 * i + 1);
                if (expiry == -3) {
                    throw tooLarge(keys[i], (Long) reply.get(2 * i), "DUMP payload");
                }
                byte[] payload = (byte[]) reply.get(2 * i);
                if (payload == null || expiry == -2) {
                    skipped++; // deleted or expired since SCAN saw it: not part of the snapshot
                    continue;
                }
                out.add(new KeyRecord(keys[i], expiry < 0 ? KeyRecord.NO_EXPIRY : expiry, payload));
            }
            if (done >= keys.length) {
                return;
            }
            call = dumpScript(Arrays.copyOfRange(keys, done, keys.length));
            conn.flushCommands();
        }
    }

    private void dumpPage(RedisAsyncCommands<byte[], byte[]> async, List<byte[]> keys, SegmentWriter out)
            throws IOException {
        if (keys.isEmpty()) {
            return;
        }
        checkMemoryUsage(async, keys);
        RedisFuture<List<byte[]>> time = hasExpireTime ? null : async.time();
        List<RedisFuture<byte[]>> dumps = new ArrayList<>(keys.size());
        List<RedisFuture<Long>> expiries = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            dumps.add(async.dump(key));
            expiries.add(hasExpireTime ? async.pexpiretime(key) : async.pttl(key));
        }
        conn.flushCommands();
        long now = time == null ? 0 : serverMillis(RedisErrors.await(time, timeoutMillis, "TIME"));
        for (int i = 0; i < keys.size(); i++) {
            byte[] payload = RedisErrors.await(dumps.get(i), timeoutMillis, "DUMP");
            long expiry = RedisErrors.await(expiries.get(i), timeoutMillis, "PEXPIRETIME");
            if (payload == null || expiry == -2) {
                // deleted or expired since SCAN saw it: not part of the snapshot
                skipped++;
                continue;
            }
            if (payload.length > payloadLimit) {
                throw tooLarge(keys.get(i), payload.length, "DUMP payload");
            }
            long expireAt = expiry < 0 ? KeyRecord.NO_EXPIRY : hasExpireTime ? expiry : now + expiry;
            out.add(new KeyRecord(keys.get(i), expireAt, payload));
        }
    }

    /**
     * Refuses a page holding a key whose {@code MEMORY USAGE} is above the limit before any DUMP is sent,
     * so that the client never buffers it (its DUMP payload is usually smaller: it is compressed). A
     * server that refuses MEMORY USAGE (ACL, renamed) is not asked again; the payload is then checked
     * after it arrived.
     */
    private void checkMemoryUsage(RedisAsyncCommands<byte[], byte[]> async, List<byte[]> keys) {
        if (!memoryUsage) {
            return;
        }
        List<RedisFuture<Long>> usage = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            usage.add(async.memoryUsage(key));
        }
        conn.flushCommands();
        for (int i = 0; i < keys.size(); i++) {
            Long bytes;
            try {
                bytes = RedisErrors.await(usage.get(i), timeoutMillis, "MEMORY USAGE");
            } catch (DatabaseSourceException e) {
                if (e.getCause() instanceof RedisCommandExecutionException) {
                    memoryUsage = false;
                    return;
                }
                throw e;
            }
            if (bytes != null && bytes > payloadLimit) {
                throw tooLarge(keys.get(i), bytes, "value (MEMORY USAGE)");
            }
        }
    }

    private DatabaseSourceException tooLarge(byte[] key, long size, String what) {
        return new DatabaseSourceException("redis: key " + PrintableKey.of(key) + " has a " + what + " of " + size
                + " bytes, above the limit of " + payloadLimit + " bytes (max-payload-size, at most 1/8 of the JVM "
                + "heap); nothing was stored. Raise max-payload-size or the heap (-Xmx), or keep such values out of Redis");
    }

    private static long serverMillis(List<byte[]> time) {
        long seconds = Long.parseLong(new String(time.get(0), StandardCharsets.US_ASCII));
        long micros = Long.parseLong(new String(time.get(1), StandardCharsets.US_ASCII));
        return seconds * 1000 + micros / 1000;
    }

    /** @return keys that SCAN returned but that were gone before DUMP */
    long skipped() {
        return skipped;
    }
}

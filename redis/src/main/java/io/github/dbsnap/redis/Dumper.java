package io.github.dbsnap.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies every key of the database a connection has selected: {@code SCAN} pages, and for each page
 * pipelined {@code DUMP} plus {@code PEXPIRETIME} (or {@code PTTL} with the server's {@code TIME} on
 * servers before 7.0). Keys that vanish between {@code SCAN} and {@code DUMP} are skipped.
 */
final class Dumper {
    private final StatefulRedisConnection<byte[], byte[]> conn;
    private final int batchSize;
    private final long timeoutMillis;
    private final boolean hasExpireTime;
    private long skipped;

    Dumper(StatefulRedisConnection<byte[], byte[]> conn, int batchSize, long timeoutMillis, ServerInfo server) {
        this.conn = conn;
        this.batchSize = batchSize;
        this.timeoutMillis = timeoutMillis;
        this.hasExpireTime = server.majorVersion() >= 7;
    }

    /** Writes every key to {@code out}; the connection is left with automatic flushing on. */
    void dumpTo(SegmentWriter out) throws IOException {
        RedisAsyncCommands<byte[], byte[]> async = conn.async();
        ScanArgs args = ScanArgs.Builder.limit(batchSize);
        conn.setAutoFlushCommands(false);
        try {
            RedisFuture<KeyScanCursor<byte[]>> page = async.scan(ScanCursor.INITIAL, args);
            while (page != null) {
                conn.flushCommands();
                KeyScanCursor<byte[]> keys = Errors.await(page, timeoutMillis, "SCAN");
                // ask for the next page in the same round trip as this page's DUMPs
                page = keys.isFinished() ? null : async.scan(keys, args);
                dumpPage(async, keys.getKeys(), out);
            }
        } finally {
            conn.setAutoFlushCommands(true);
        }
    }

    private void dumpPage(RedisAsyncCommands<byte[], byte[]> async, List<byte[]> keys, SegmentWriter out)
            throws IOException {
        if (keys.isEmpty()) {
            return;
        }
        RedisFuture<List<byte[]>> time = hasExpireTime ? null : async.time();
        List<RedisFuture<byte[]>> dumps = new ArrayList<>(keys.size());
        List<RedisFuture<Long>> expiries = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            dumps.add(async.dump(key));
            expiries.add(hasExpireTime ? async.pexpiretime(key) : async.pttl(key));
        }
        conn.flushCommands();
        long now = time == null ? 0 : serverMillis(Errors.await(time, timeoutMillis, "TIME"));
        for (int i = 0; i < keys.size(); i++) {
            byte[] payload = Errors.await(dumps.get(i), timeoutMillis, "DUMP");
            long expiry = Errors.await(expiries.get(i), timeoutMillis, "PEXPIRETIME");
            if (payload == null || expiry == -2) {
                // deleted or expired since SCAN saw it: not part of the snapshot
                skipped++;
                continue;
            }
            long expireAt = expiry < 0 ? KeyRecord.NO_EXPIRY : hasExpireTime ? expiry : now + expiry;
            out.add(new KeyRecord(keys.get(i), expireAt, payload));
        }
    }

    private static long serverMillis(List<byte[]> time) {
        long seconds = Long.parseLong(new String(time.get(0), java.nio.charset.StandardCharsets.US_ASCII));
        long micros = Long.parseLong(new String(time.get(1), java.nio.charset.StandardCharsets.US_ASCII));
        return seconds * 1000 + micros / 1000;
    }

    /** @return keys that SCAN returned but that were gone before DUMP */
    long skipped() {
        return skipped;
    }
}

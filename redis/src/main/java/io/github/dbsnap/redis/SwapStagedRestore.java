package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.spi.EntryReader;
import io.github.dbsnap.spi.StagedRestore;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * A restore staged in a second logical database: {@code commit()} swaps it with the live one in one
 * {@code MULTI}/{@code SWAPDB}/{@code EXEC}, then flushes the staging database, which then holds the
 * old data; {@code close()} without commit flushes the staging database and leaves live data alone.
 */
final class SwapStagedRestore implements StagedRestore {
    private static final Logger log = LoggerFactory.getLogger(SwapStagedRestore.class);

    private final RedisConnector connector;
    private final StatefulRedisConnection<byte[], byte[]> conn;
    private final int live;
    private final int staging;
    private boolean committed;
    private boolean closed;

    private SwapStagedRestore(RedisConnector connector, StatefulRedisConnection<byte[], byte[]> conn, int staging) {
        this.connector = connector;
        this.conn = conn;
        this.live = connector.config().database();
        this.staging = staging;
    }

    /** Flushes the staging database, marks it, and RESTOREs every record of {@code in} into it. */
    static SwapStagedRestore stage(RedisConnector connector, StatefulRedisConnection<byte[], byte[]> conn,
                                   int staging, EntryReader in) throws IOException {
        SwapStagedRestore s = new SwapStagedRestore(connector, conn, staging);
        try {
            RedisCommands<byte[], byte[]> sync = conn.sync();
            sync.select(staging);
            sync.flushdb();
            sync.set(StagingDatabase.MARKER, new byte[0]);
            RedisSourceConfig c = connector.config();
            Restorer restorer = Restorer.standalone(conn, connector);
            long n = Segments.readAll(in, restorer::add);
            restorer.finish();
            log.debug("Staged {} keys in database {} of {}", n, staging, c.location());
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            if (e instanceof RuntimeException r) {
                throw RedisErrors.wrap("staging into database " + staging + " failed", r);
            }
            throw (IOException) e;
        }
    }

    @Override
    public void commit() {
        if (committed || closed) {
            throw new IllegalStateException("staged restore already " + (committed ? "committed" : "closed"));
        }
        RedisCommands<byte[], byte[]> sync = conn.sync();
        try {
            sync.multi();
            sync.del(StagingDatabase.MARKER);
            sync.swapdb(live, staging);
            // the staging index now holds the old live data: mark it, so that if we die before the flush
            // below, the next restore recognises it as dbsnap's own staging area and flushes it
            sync.set(StagingDatabase.MARKER, new byte[0]);
            TransactionResult r = sync.exec();
            if (r.wasDiscarded()) {
                throw new DatabaseSourceException("redis: SWAPDB was discarded; live data unchanged");
            }
        } catch (RuntimeException e) {
            throw RedisErrors.wrap("SWAPDB " + live + " " + staging + " failed; the live data is unchanged", e);
        }
        committed = true;
        log.info("Restore swapped into database {} of {}", live, connector.config().location());
        try {
            sync.flushdbAsync(); // the old live data, now in the staging database
        } catch (RuntimeException e) {
            log.warn("Restore committed, but flushing the old data from database {} failed: {}", staging, e.toString());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!committed) {
                discard();
            }
        } finally {
            conn.close();
        }
    }

    private void discard() {
        try {
            if (conn.isOpen()) {
                conn.setAutoFlushCommands(true);
                conn.sync().select(staging);
                conn.sync().flushdb();
                return;
            }
        } catch (RuntimeException e) {
            log.debug("Flushing the staging database on the staging connection failed: {}", e.toString());
        }
        try (StatefulRedisConnection<byte[], byte[]> fresh = connector.connect(staging)) {
            fresh.sync().flushdb();
        } catch (RuntimeException e) {
            log.warn("Discarding the staged restore in database {} failed ({}); live data is unchanged, the next "
                    + "restore reuses and flushes it", staging, e.toString());
        }
    }
}

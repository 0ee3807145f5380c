package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.spi.EntryReader;
import io.github.dbsnap.spi.StagedRestore;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * A restore staged in a second logical database that this restore holds a {@link StagingLease} on:
 * {@code commit()} checks that the staging database holds exactly the keys the snapshot gave (nothing
 * evicted, nothing written by anyone else), then swaps it with the live one in one
 * {@code MULTI}/{@code SWAPDB}/{@code EXEC} under the lease, then flushes the staging database, which
 * then holds the old data; {@code close()} without commit flushes the staging database (if the lease
 * is still ours) and leaves live data alone.
 */
final class SwapStagedRestore implements StagedRestore {
    private static final Logger log = LoggerFactory.getLogger(SwapStagedRestore.class);
    /** The marker and the lease key: the staging database holds them besides the snapshot's keys. */
    private static final int OWN_KEYS = 2;

    private final RedisConnector connector;
    private final StatefulRedisConnection<byte[], byte[]> conn;
    private final StagingLease lease;
    private final MemoryGuard guard;
    private final int live;
    private final int staging;
    private Restorer restorer;
    private boolean committed;
    private boolean closed;

    private SwapStagedRestore(RedisConnector connector, StatefulRedisConnection<byte[], byte[]> conn,
                              StagingLease lease, MemoryGuard guard) {
        this.connector = connector;
        this.conn = conn;
        this.lease = lease;
        this.guard = guard;
        this.live = connector.config().database();
        this.staging = lease.db();
    }

    /**
     * RESTOREs every record of {@code in} into the claimed, marked staging database, which {@code conn}
     * has selected. Takes over {@code conn}, {@code lease} and {@code guard}: on failure they are closed.
     */
    static SwapStagedRestore stage(RedisConnector connector, StatefulRedisConnection<byte[], byte[]> conn,
                                   StagingLease lease, MemoryGuard guard, EntryReader in) throws IOException {
        SwapStagedRestore s = new SwapStagedRestore(connector, conn, lease, guard);
        try {
            s.restorer = Restorer.counting(conn, connector, (keys, bytes) -> {
                lease.check();
                guard.beforeBatch(keys, bytes);
            });
            long n = Segments.readAll(in, connector.config().payloadLimit(), s.restorer::add);
            s.restorer.finish();
            log.debug("Staged {} keys in database {} of {}", n, s.staging, connector.config().location());
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            if (e instanceof RuntimeException r) {
                throw RedisErrors.wrap("staging into database " + s.staging + " failed", r);
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
        lease.stopRenewing(); // a renewal between our WATCH and EXEC would discard the swap
        boolean swapped;
        try {
            verifyStaged(sync);
            // the staging index then holds the old live data, marked and leased: if we die before the
            // flush below, the next restore recognises it as dbsnap's own staging area once the lease ends
            swapped = lease.whileHeld(sync, c -> {
                c.del(StagingDatabase.MARKER, StagingLease.KEY);
                c.swapdb(live, staging);
                c.set(StagingDatabase.MARKER, new byte[0]);
            });
        } catch (RuntimeException e) {
            throw RedisErrors.wrap("SWAPDB " + live + " " + staging + " failed; the live data is unchanged", e);
        }
        if (!swapped) {
            throw lease.lostError();
        }
        committed = true;
        log.info("Restore swapped into database {} of {}", live, connector.config().location());
        try {
            sync.flushdbAsync(); // the old live data, now in the staging database
        } catch (RuntimeException e) {
            log.warn("Restore committed, but flushing the old data from database {} failed: {}", staging, e.toString());
        }
    }

    /**
     * Compares the staging database with what the restore created, right before the swap: keys without
     * expiry exactly; keys with an expiry may be fewer (some expired since) unless Redis evicted keys
     * meanwhile, because then the shortfall may be evictions.
     */
    private void verifyStaged(RedisCommands<byte[], byte[]> sync) {
        long[] ks = ServerInfo.keyspace(sync.info("keyspace"), staging);
        if (sync.exists(StagingDatabase.MARKER) != 1 || ks[0] < OWN_KEYS) {
            throw new DatabaseSourceException("redis: the marker of staging database " + staging + " is gone: "
                    + "another client flushed or wrote it; not swapped, live data unchanged");
        }
        long stagedPersistent = ks[0] - ks[1] - 1; // the marker has no expiry
        long stagedExpiring = ks[1] - 1; // the lease has one
        long wantPersistent = restorer.persistent();
        long wantExpiring = restorer.expiring();
        long evicted = guard.evictedSince();
        String counts = "staging database " + staging + " holds " + stagedPersistent + " keys without and "
                + stagedExpiring + " with an expiry; the snapshot gave " + wantPersistent + " and " + wantExpiring;
        if (stagedPersistent > wantPersistent || stagedExpiring > wantExpiring) {
            throw new DatabaseSourceException("redis: another client wrote into the staging database while the "
                    + "restore was staged (" + counts + "); not swapped, live data unchanged. Set staging-db to a "
                    + "database no application uses");
        }
        if (stagedPersistent < wantPersistent || (stagedExpiring < wantExpiring && evicted > 0)) {
            throw new DatabaseSourceException("redis: the staged restore is missing keys (" + counts + "; Redis "
                    + "evicted " + evicted + " keys meanwhile, maxmemory?); not swapped, live data unchanged");
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
            lease.close();
            guard.close();
            conn.close();
        }
    }

    /** Flushes the staging database, but only while it is still ours: it may belong to another restore now. */
    private void discard() {
        lease.stopRenewing();
        try {
            if (conn.isOpen()) {
                conn.setAutoFlushCommands(true);
                conn.sync().select(staging);
                flushIfHeld(conn.sync());
                return;
            }
        } catch (RuntimeException e) {
            log.debug("Flushing the staging database on the staging connection failed: {}", e.toString());
        }
        try (StatefulRedisConnection<byte[], byte[]> fresh = connector.connect(staging)) {
            flushIfHeld(fresh.sync());
        } catch (RuntimeException e) {
            log.warn("Discarding the staged restore in database {} failed ({}); live data is unchanged, the next "
                    + "restore reuses and flushes it", staging, e.toString());
        }
    }

    private void flushIfHeld(RedisCommands<byte[], byte[]> sync) {
        if (!lease.whileHeld(sync, RedisCommands::flushdb)) {
            log.warn("Not flushing staging database {}: this restore's lease on it was lost", staging);
            return;
        }
        lease.release(sync);
    }
}

package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.sync.RedisCommands;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and claims the logical database a restore is staged in, and tells whether the server can swap
 * databases at all. A staging database is marked with {@link #MARKER} while dbsnap fills it, so that
 * a staging area left behind by a crash is recognised as dbsnap's own and reused once its
 * {@link StagingLease} has expired; a database whose lease is alive belongs to a running restore.
 */
final class StagingDatabase {
    /** A key no application uses: it starts with a NUL byte. */
    static final byte[] MARKER = "\u0000dbsnap:staging".getBytes(StandardCharsets.UTF_8);
    private static final int DEFAULT_DATABASES = 16;

    private StagingDatabase() {
    }

    /** @return the number of logical databases ({@code CONFIG GET databases}; 16 when that is not allowed) */
    static int count(RedisCommands<byte[], byte[]> sync) {
        try {
            Map<String, String> m = sync.configGet("databases");
            String v = m.get("databases");
            return v == null ? DEFAULT_DATABASES : Integer.parseInt(v.trim());
        } catch (RedisCommandExecutionException | NumberFormatException e) {
            return DEFAULT_DATABASES;
        }
    }

    /** @return whether SWAPDB exists under its own name (it may be renamed or disabled) */
    static boolean canSwap(RedisCommands<byte[], byte[]> sync) {
        try {
            List<Object> info = sync.commandInfo("swapdb");
            return !info.isEmpty() && info.get(0) != null && !(info.get(0) instanceof List<?> l && l.isEmpty());
        } catch (RedisCommandExecutionException e) {
            // COMMAND itself is not allowed: try SWAPDB at commit, which fails cleanly if it is missing
            return true;
        }
    }

    /**
     * Chooses the staging database and claims it with a {@link StagingLease}: the configured one, else the
     * highest-numbered database other than the live one that is empty or carries the marker of a crashed
     * restore, skipping any whose lease another restore holds. A configured or marked database is flushed;
     * an empty one is only marked. On return the connection has the staging database selected.
     *
     * @throws DatabaseSourceException when the configured database is in use by another restore, or no
     *                                 database is free; nothing was changed
     */
    static StagingLease claim(RedisCommands<byte[], byte[]> sync, RedisConnector connector, int databases,
                              Duration lease) {
        RedisSourceConfig config = connector.config();
        int live = config.database();
        if (config.stagingDb() != null) {
            int s = config.stagingDb();
            if (s >= databases) {
                throw new DatabaseSourceException("redis: staging-db " + s + " does not exist; the server has "
                        + databases + " databases (0-" + (databases - 1) + ")");
            }
            sync.select(s);
            StagingLease l = StagingLease.tryClaim(sync, connector, s, lease).orElseThrow(() -> busy(sync, s));
            return prepare(sync, l, true);
        }
        int busy = 0;
        for (int i = databases - 1; i >= 0; i--) {
            if (i == live) {
                continue;
            }
            try {
                sync.select(i);
            } catch (RedisCommandExecutionException e) {
                continue; // fewer databases than CONFIG GET claimed, or SELECT not allowed for this one
            }
            boolean marked = sync.exists(MARKER) == 1;
            if (!marked && sync.dbsize() != 0) {
                continue;
            }
            Optional<StagingLease> claimed = StagingLease.tryClaim(sync, connector, i, lease);
            if (claimed.isEmpty()) {
                busy++; // another restore is staging here right now
                continue;
            }
            StagingLease l = claimed.get();
            // checked again now that we hold the lease: an application may have started using it meanwhile
            marked = sync.exists(MARKER) == 1;
            if (marked || sync.dbsize() == 1) {
                return prepare(sync, l, marked);
            }
            l.release(sync);
            l.close();
        }
        throw new DatabaseSourceException("redis: no empty logical database to stage the restore into (every "
                + "database other than " + live + " holds data" + (busy > 0 ? ", or is staging another restore ("
                + busy + ")" : "") + "); live data unchanged. Set staging-db to one dbsnap may flush");
    }

    /** Marks the claimed database (flushing it first when it may hold data), under the lease. */
    private static StagingLease prepare(RedisCommands<byte[], byte[]> sync, StagingLease l, boolean flush) {
        boolean held;
        try {
            held = l.whileHeld(sync, c -> {
                if (flush) {
                    c.flushdb();
                }
                c.set(MARKER, new byte[0]);
            });
        } catch (RuntimeException e) {
            l.close();
            throw e;
        }
        if (!held) {
            l.close();
            throw l.lostError();
        }
        return l;
    }

    private static DatabaseSourceException busy(RedisCommands<byte[], byte[]> sync, int db) {
        return new DatabaseSourceException("redis: staging database " + db + " is in use by another restore that "
                + "is still running (its lease is renewed; it expires " + StagingLease.remaining(sync) + " ms after "
                + "that restore stops); live data unchanged. Wait for it to finish, or set another staging-db");
    }
}

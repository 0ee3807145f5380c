package io.github.dbsnap.redis;

import io.github.dbsnap.DatabaseSourceException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.sync.RedisCommands;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Finds the logical database a restore is staged in, and tells whether the server can swap
 * databases at all. A staging database is marked with {@link #MARKER} while dbsnap fills it, so that
 * a staging area left behind by a crash is recognised as dbsnap's own and reused.
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
     * Chooses the staging database: the configured one, else the highest-numbered database other than
     * the live one that is empty or carries the marker. Leaves the connection on an arbitrary database.
     */
    static int choose(RedisCommands<byte[], byte[]> sync, RedisSourceConfig config, int databases) {
        int live = config.database();
        if (config.stagingDb() != null) {
            int s = config.stagingDb();
            if (s >= databases) {
                throw new DatabaseSourceException("redis: staging-db " + s + " does not exist; the server has "
                        + databases + " databases (0-" + (databases - 1) + ")");
            }
            return s;
        }
        for (int i = databases - 1; i >= 0; i--) {
            if (i == live) {
                continue;
            }
            try {
                sync.select(i);
            } catch (RedisCommandExecutionException e) {
                continue; // fewer databases than CONFIG GET claimed, or SELECT not allowed for this one
            }
            if (sync.dbsize() == 0 || sync.exists(MARKER) == 1) {
                return i;
            }
        }
        throw new DatabaseSourceException("redis: no empty logical database to stage the restore into (every "
                + "database other than " + live + " holds data); set staging-db to one dbsnap may flush");
    }
}

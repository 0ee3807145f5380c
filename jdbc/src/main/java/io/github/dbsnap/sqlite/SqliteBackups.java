package io.github.dbsnap.sqlite;

import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * SQLite's online backup API from a connection's main database into a file, in one step (one read
 * transaction on the source, one write transaction on the target), returning its result code.
 * The driver reports most failures (a full disk, a target locked for too long, a WAL target with
 * another page size) only through that code, never as an exception, so every caller checks it.
 */
final class SqliteBackups {
    static final int OK = 0;
    static final int BUSY = 5;
    static final int LOCKED = 6;
    static final int READONLY = 8;
    static final int FULL = 13;
    private static final int SLEEP_MILLIS = 100;

    private SqliteBackups() {
    }

    /**
     * Copies {@code from}'s main database over {@code to}, retrying every 100 ms while {@code to} is
     * locked, for at most {@code busyTimeout}.
     *
     * @return SQLite's primary result code: {@link #OK}, or why nothing was changed in {@code to}
     */
    static int copy(Connection from, Path to, Duration busyTimeout) throws SQLException {
        int tries = (int) Math.max(1, Math.min(Integer.MAX_VALUE, busyTimeout.toMillis() / SLEEP_MILLIS));
        return ((SQLiteConnection) from).getDatabase().backup("main", to.toString(), null, SLEEP_MILLIS, tries, -1) & 0xff;
    }

    /** @return "SQLITE_FULL (Insertion failed because database is full)" */
    static String describe(int rc) {
        SQLiteErrorCode c = SQLiteErrorCode.getErrorCode(rc);
        return c == SQLiteErrorCode.UNKNOWN_ERROR ? "SQLite result code " + rc : c.name() + " (" + c.message + ")";
    }
}

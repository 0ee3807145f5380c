package io.github.dbsnap.sqlite;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.spi.LocalDisk;
import io.github.dbsnap.spi.StagedRestore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A checked copy of the snapshot's database waiting to be swapped in: the backup API copies it over
 * the live database in one write transaction, its result code is checked, and the live database is
 * then read back and compared with the copy's {@link SqliteFingerprint} before the swap counts as done.
 */
final class SqliteStagedRestore implements StagedRestore {
    private static final Logger log = LoggerFactory.getLogger(SqliteStagedRestore.class);

    private final Path file;
    private final Path staged;
    private final SqliteFingerprint expected;
    private final Duration busyTimeout;

    SqliteStagedRestore(Path file, Path staged, SqliteFingerprint expected, Duration busyTimeout) {
        this.file = file;
        this.staged = staged;
        this.expected = expected;
        this.busyTimeout = busyTimeout;
    }

    @Override
    public void commit() {
        Path parent = file.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new DatabaseSourceException("cannot restore into '" + file + "': directory " + parent + " does not exist");
        }
        int rc;
        long started = System.nanoTime();
        // the staged copy is the backup's source and the live file its target: the driver reports the
        // target's result code only in this direction (its restore() call answers 0 whatever happened)
        try (Connection from = SqliteConnections.open("jdbc:sqlite:" + staged, false, busyTimeout)) {
            rc = SqliteBackups.copy(from, file, busyTimeout);
        } catch (SQLException e) {
            throw new DatabaseSourceException("swapping the restored data into '" + file + "' failed; the live "
                    + "database is unchanged: " + e.getMessage(), e);
        }
        if (rc != SqliteBackups.OK) {
            throw swapFailed(rc);
        }
        long swapped = System.nanoTime();
        SqliteFingerprint live;
        try (Connection c = SqliteConnections.open("jdbc:sqlite:" + file, false, busyTimeout)) {
            live = SqliteFingerprint.read(c);
        } catch (SQLException e) {
            throw new DatabaseSourceException("SQLite reported the swap into '" + file + "' as done, but reading the "
                    + "database back failed, so it is not confirmed: " + e.getMessage(), e);
        }
        if (!live.equals(expected)) {
            throw new DatabaseSourceException("SQLite reported the swap into '" + file + "' as done, but the database "
                    + "does not hold the snapshot's content: " + expected.difference(live) + " (or another connection "
                    + "wrote to it right after the swap); check it and restore again");
        }
        log.debug("Restored {} from staged copy {} ({} pages)", file, staged, live.pageCount());
        log.debug("timing sqlite-restore: swap (backup API) {} ms, read-back {} ms", SqliteSource.millis(started, swapped),
                SqliteSource.millis(swapped, System.nanoTime()));
    }

    private DatabaseSourceException swapFailed(int rc) {
        String unchanged = "; the live database is unchanged";
        return switch (rc) {
            case SqliteBackups.BUSY, SqliteBackups.LOCKED -> new DatabaseSourceException("the live database '" + file
                    + "' stayed locked by another connection for longer than busy-timeout (" + busyTimeout.toMillis()
                    + " ms), so the restored data could not be swapped in" + unchanged
                    + "; stop the writer or raise busy-timeout, then restore again");
            case SqliteBackups.FULL -> new DatabaseSourceException(LocalDisk.noSpace("the restored database (new pages "
                    + "and the swap's journal)", file, size(staged), null).getMessage() + unchanged);
            case SqliteBackups.READONLY -> new DatabaseSourceException("SQLite refused to write '" + file + "' ("
                    + SqliteBackups.describe(rc) + "): the file or its directory is read-only, or it is a WAL database "
                    + "whose page size (" + SqliteFiles.pageSize(file) + ") differs from the staged copy's ("
                    + SqliteFiles.pageSize(staged) + ")" + unchanged);
            default -> new DatabaseSourceException("swapping the restored data into '" + file + "' failed: "
                    + SqliteBackups.describe(rc) + unchanged);
        };
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            SqliteFiles.deleteWithSidecars(staged);
        } catch (IOException e) {
            log.warn("Could not delete staged copy {}: {}", staged, e.toString());
        }
    }
}

package io.github.dbsnap.sqlite;

import io.github.dbsnap.CorruptSnapshotException;
import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.spi.StaleFiles;
import io.github.dbsnap.spi.ArchiveEntry;
import io.github.dbsnap.spi.DaemonThreads;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.DumpResult;
import io.github.dbsnap.spi.EntryReader;
import io.github.dbsnap.spi.EntryWriter;
import io.github.dbsnap.spi.LocalDisk;
import io.github.dbsnap.spi.StagedRestore;
import io.github.dbsnap.spi.WalSegments;
import io.github.dbsnap.spi.WalShipper;
import io.github.dbsnap.spi.WalSink;
import io.github.dbsnap.spi.WalSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * File-level SQLite snapshots: the online backup API copies the live database in one step (one
 * read transaction, so the copy is consistent while other connections keep writing, WAL included),
 * and the copy is stored only if the backup's result code, {@code quick_check} and its page count say
 * it is whole. Restore stages the file, checks it with {@code PRAGMA integrity_check}, and after the
 * core's verification copies it into the live database with the backup API, in one write transaction,
 * so connections that stay open see either the old or the new content ({@link SqliteStagedRestore}).
 */
final class SqliteSource implements DatabaseSource, WalSource {
    private static final Logger log = LoggerFactory.getLogger(SqliteSource.class);
    private static final int COPY_BUFFER = 256 * 1024;
    private static final java.util.function.UnaryOperator<String> TEMP_PREFIX = name -> "." + name + ".dbsnap-";

    private final SqliteSourceConfig config;
    private final Path file;

    SqliteSource(SqliteSourceConfig config) {
        this.config = config;
        this.file = config.file().toAbsolutePath().normalize();
    }

    @Override
    public String kind() {
        return SqliteSourceFactory.NAME;
    }

    @Override
    public Map<String, String> metadata() {
        return Map.of("file", entryName());
    }

    private String entryName() {
        return file.getFileName().toString();
    }

    @Override
    public DumpResult dump(EntryWriter out) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DatabaseSourceException("SQLite database '" + file + "' does not exist");
        }
        Path copy = tempFile("backup");
        long started = System.nanoTime();
        try {
            long tables;
            long pages;
            try (Connection c = open(true)) {
                c.setAutoCommit(false); // the page count and the copy come from one read transaction
                pages = number(c, "PRAGMA page_count");
                tables = countTables(c);
                int rc = SqliteBackups.copy(c, copy, config.busyTimeout());
                c.rollback();
                if (rc == SqliteBackups.FULL) {
                    throw LocalDisk.noSpace("the consistent copy of '" + file + "'", copy,
                            pages * number(c, "PRAGMA page_size"), null);
                }
                if (rc != SqliteBackups.OK) {
                    throw new DatabaseSourceException("copying SQLite database '" + file + "' to '" + copy + "' failed: "
                            + SqliteBackups.describe(rc) + "; nothing was stored");
                }
            } catch (SQLException e) {
                throw new DatabaseSourceException("copying SQLite database '" + file + "' failed: " + e.getMessage(), e);
            }
            long copied = System.nanoTime();
            // the check reads the copy on a thread of its own while the copy is archived: a damaged copy
            // fails the dump before it returns, so the pipeline stores nothing (the entry's bytes are discarded)
            FutureTask<Long> check = new FutureTask<>(() -> {
                checkCopy(copy, pages);
                return System.nanoTime();
            });
            DaemonThreads.factory("dbsnap-sqlite-check").newThread(check).start();
            long archived;
            try (InputStream in = Files.newInputStream(copy)) {
                out.write(entryName(), Files.size(copy), in);
                archived = System.nanoTime();
            } finally {
                awaitCheck(check); // before the copy is deleted, also when archiving failed
            }
            long checked = awaitCheck(check);
            log.debug("timing sqlite-create: backup {} ms, quick_check {} ms (in parallel), archive {} ms",
                    millis(started, copied), millis(copied, checked), millis(copied, archived));
            return new DumpResult(Map.of("tables", tables));
        } finally {
            SqliteFiles.deleteWithSidecars(copy);
        }
    }

    /** @return when the check ended; its failure (a damaged copy) as thrown by {@link #checkCopy} */
    private static long awaitCheck(FutureTask<Long> check) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return check.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the copy must outlive the check reading it
                }
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException("checking the consistent copy failed: " + c, c);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    /**
     * A snapshot is stored only if its copy is whole: {@code quick_check} passes (it reads every page
     * and checks each b-tree; the full {@code integrity_check}, which also matches every index against
     * its table, cost 4.5 times the copy itself on a 193 MB database, {@code quick_check} 0.4 times)
     * and it has exactly the pages the source had when it was copied.
     */
    private void checkCopy(Path copy, long pages) {
        // opened read-write: a read-only connection would leave the copy's -wal and -shm behind
        try (Connection c = SqliteConnections.open("jdbc:sqlite:" + copy, false, config.busyTimeout());
             Statement st = c.createStatement()) {
            String quick;
            try (ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
                quick = rs.next() ? rs.getString(1) : "no result";
            }
            long got = number(c, "PRAGMA page_count");
            if (!"ok".equals(quick) || got != pages) {
                throw new DatabaseSourceException("the consistent copy of '" + file + "' at '" + copy + "' is damaged "
                        + "(quick_check: " + quick + "; " + got + " pages, the database had " + pages + "); nothing was stored");
            }
        } catch (SQLException e) {
            throw new DatabaseSourceException("checking the consistent copy of '" + file + "' at '" + copy + "' failed: "
                    + e.getMessage() + "; nothing was stored", e);
        }
    }

    @Override
    public StagedRestore stage(EntryReader in) throws IOException {
        return stage(in, null);
    }

    @Override
    public WalShipper shipper(WalSink sink) {
        return new SqliteWalShipper(file, config.busyTimeout(), sink, java.time.Clock.systemUTC());
    }

    /** Stages the snapshot's file, replays {@code segments} over it when given, and checks the result. */
    @Override
    public StagedRestore stage(EntryReader in, WalSegments segments) throws IOException {
        String wanted = in.metadata().getOrDefault("file", "");
        Optional<ArchiveEntry> entry = in.next();
        if (entry.isEmpty() || (!wanted.isEmpty() && !entry.get().name().equals(wanted))) {
            throw new CorruptSnapshotException("snapshot holds no SQLite database entry");
        }
        Path staged = tempFile("restore");
        Path ready = staged;
        try {
            long started = System.nanoTime();
            copyInto(entry.get().content(), staged, entry.get().size());
            if (in.next().isPresent()) {
                throw new CorruptSnapshotException("snapshot holds more than one SQLite database entry");
            }
            if (segments != null) {
                long frames = SqliteReplay.apply(staged, segments);
                log.debug("Replayed {} WAL frames from {} segments over the staged copy of {}", frames, segments.size(), file);
            }
            long copied = System.nanoTime();
            SqliteFingerprint expected;
            if (needsPageSizeChange(staged)) {
                check(staged, "integrity_check");
                ready = matchLivePageSize(staged);
                expected = fingerprint(ready);
            } else {
                // two read-only passes over the same staged file on two cores: the check, and the fingerprint
                // the swap is confirmed against; nothing is swapped unless both succeed
                Path checking = staged;
                FutureTask<Long> check = new FutureTask<>(() -> {
                    check(checking, "integrity_check");
                    return System.nanoTime();
                });
                DaemonThreads.factory("dbsnap-sqlite-check").newThread(check).start();
                try {
                    expected = fingerprint(staged);
                } finally {
                    awaitCheck(check); // before the staged file may be deleted
                }
            }
            log.debug("timing sqlite-restore: stage (download, decrypt, decompress, write) {} ms, integrity_check and "
                    + "fingerprint {} ms", millis(started, copied), millis(copied, System.nanoTime()));
            return new SqliteStagedRestore(file, ready, expected, config.busyTimeout());
        } catch (IOException | RuntimeException e) {
            SqliteFiles.deleteWithSidecars(staged);
            SqliteFiles.deleteWithSidecars(ready);
            throw e;
        }
    }

    /**
     * Copies in large writes (Files.copy writes 8 KiB at a time, 131,072 system calls for 1 GiB); a
     * failed write is this host's problem and says so, a failed read is the snapshot's.
     */
    private static void copyInto(InputStream in, Path target, long size) throws IOException {
        String what = "the staged copy of the snapshot";
        byte[] buf = new byte[COPY_BUFFER];
        OutputStream out;
        try {
            out = Files.newOutputStream(target);
        } catch (IOException e) {
            throw LocalDisk.writeFailed(what, target, size, e);
        }
        try (out) {
            int n;
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                try {
                    out.write(buf, 0, n);
                } catch (IOException e) {
                    throw LocalDisk.writeFailed(what, target, size, e);
                }
            }
        }
    }

    /**
     * SQLite cannot copy pages of one size into a WAL database with another (the backup API refuses
     * with SQLITE_READONLY), so such a copy is rewritten with {@code VACUUM INTO} at the live page size.
     */
    private boolean needsPageSizeChange(Path staged) throws IOException {
        int live = liveWalPageSize();
        return live != 0 && live != SqliteFiles.pageSize(staged);
    }

    /**
     * @return the live database's page size when it is in WAL mode, else 0. Asked through SQLite, never by
     *         reading the live file: closing any descriptor of it in this process would drop the POSIX locks of
     *         every SQLite connection here (the WAL shipper's read lock among them)
     */
    private int liveWalPageSize() {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        try (Connection c = open(true)) {
            int live = (int) number(c, "PRAGMA page_size");
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                return rs.next() && "wal".equalsIgnoreCase(rs.getString(1)) ? live : 0;
            }
        } catch (SQLException e) {
            return 0;
        }
    }

    private Path matchLivePageSize(Path staged) throws IOException {
        int live = liveWalPageSize();
        int mine = SqliteFiles.pageSize(staged);
        if (live == 0 || live == mine) {
            return staged;
        }
        Path converted = tempFile("restore");
        try (Connection c = SqliteConnections.open("jdbc:sqlite:" + staged, false, config.busyTimeout());
             Statement st = c.createStatement()) {
            st.execute("PRAGMA page_size = " + live);
            st.execute("VACUUM INTO '" + converted.toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            SqliteFiles.deleteWithSidecars(converted);
            if ((e.getErrorCode() & 0xff) == SqliteBackups.FULL) {
                throw LocalDisk.noSpace("the staged copy at the live page size", converted, Files.size(staged), e);
            }
            throw new DatabaseSourceException("rewriting the staged copy with the live database's page size " + live
                    + " failed: " + e.getMessage(), e);
        }
        SqliteFiles.deleteWithSidecars(staged);
        log.info("Rewrote the staged copy from page size {} to {}, the page size of WAL database {}", mine, live, file);
        check(converted, "quick_check");
        return converted;
    }

    private void check(Path staged, String pragma) {
        // opened read-write: a read-only connection would leave the copy's -wal and -shm behind
        try (Connection c = SqliteConnections.open("jdbc:sqlite:" + staged, false, config.busyTimeout());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA " + pragma)) {
            String first = rs.next() ? rs.getString(1) : "no result";
            if (!"ok".equals(first)) {
                throw new CorruptSnapshotException("the SQLite database in the snapshot fails its " + pragma + ": " + first);
            }
        } catch (SQLException e) {
            if (isLocal(e)) {
                throw new DatabaseSourceException("checking the staged copy at '" + staged + "' failed on this host: "
                        + e.getMessage(), e);
            }
            throw new CorruptSnapshotException("the snapshot does not hold a readable SQLite database: " + e.getMessage(), e);
        }
    }

    private SqliteFingerprint fingerprint(Path staged) {
        try (Connection c = SqliteConnections.open("jdbc:sqlite:" + staged, false, config.busyTimeout())) {
            return SqliteFingerprint.read(c);
        } catch (SQLException e) {
            throw new DatabaseSourceException("reading the staged copy at '" + staged + "' failed: " + e.getMessage(), e);
        }
    }

    /** @return whether SQLite blames this host (disk full, I/O error, cannot open, out of memory), not the file's content */
    private static boolean isLocal(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return code == SqliteBackups.FULL || code == 10 || code == 14 || code == 7 || code == SqliteBackups.READONLY;
    }

    private static long number(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private long countTables(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private Connection open(boolean readOnly) throws SQLException {
        return SqliteConnections.open("jdbc:sqlite:" + file, readOnly, config.busyTimeout());
    }

    private Path tempFile(String purpose) {
        return tempDir().resolve(TEMP_PREFIX.apply(entryName()) + purpose + "-" + UUID.randomUUID() + ".tmp");
    }

    private Path tempDir() {
        Path dir = config.tempDir() != null ? config.tempDir() : file.getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            dir = Path.of(System.getProperty("java.io.tmpdir"));
        }
        return dir;
    }

    /**
     * Deletes this database's backup copies and staged restores ({@code .<name>.dbsnap-*.tmp}, with their
     * journals) that a
     * crash left in the temp directory, when older than {@code olderThan}. The live file, its journal
     * and WAL are SQLite's own business: SQLite rolls them back or forward when the database is next opened.
     */
    @Override
    public int cleanup(Duration olderThan) {
        try {
            int removed = 0;
            // SQLite's own sidecars of a temp copy (a crash mid-copy leaves the rollback journal) go too
            for (String suffix : new String[] {".tmp", ".tmp-journal", ".tmp-wal", ".tmp-shm"}) {
                removed += StaleFiles.remove(tempDir(), TEMP_PREFIX.apply(entryName()), suffix, olderThan);
            }
            return removed;
        } catch (IOException e) {
            throw new DatabaseSourceException("removing leftovers of '" + file + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // connections are opened per operation
    }
}

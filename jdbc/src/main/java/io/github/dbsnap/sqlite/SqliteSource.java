package io.github.dbsnap.sqlite;

import io.github.dbsnap.CorruptSnapshotException;
import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.spi.StaleFiles;
import io.github.dbsnap.spi.ArchiveEntry;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.DumpResult;
import io.github.dbsnap.spi.EntryReader;
import io.github.dbsnap.spi.EntryWriter;
import io.github.dbsnap.spi.StagedRestore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

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

/**
 * File-level SQLite snapshots: the online backup API copies the live database in one step (one
 * read transaction, so the copy is consistent while other connections keep writing, WAL included);
 * restore stages the file, checks it with {@code PRAGMA integrity_check}, and after the core's
 * verification copies it into the live database with the backup API, in one write transaction, so
 * connections that stay open see either the old or the new content.
 */
final class SqliteSource implements DatabaseSource {
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
        try {
            long tables;
            try (Connection c = open(true)) {
                tables = countTables(c);
                ((SQLiteConnection) c).getDatabase().backup("main", copy.toString(), null, 100, 300, -1);
            } catch (SQLException e) {
                throw new DatabaseSourceException("copying SQLite database '" + file + "' failed: " + e.getMessage(), e);
            }
            try (InputStream in = Files.newInputStream(copy)) {
                out.write(entryName(), Files.size(copy), in);
            }
            return new DumpResult(Map.of("tables", tables));
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    @Override
    public StagedRestore stage(EntryReader in) throws IOException {
        String wanted = in.metadata().getOrDefault("file", "");
        Optional<ArchiveEntry> entry = in.next();
        if (entry.isEmpty() || (!wanted.isEmpty() && !entry.get().name().equals(wanted))) {
            throw new CorruptSnapshotException("snapshot holds no SQLite database entry");
        }
        Path staged = tempFile("restore");
        try {
            copyInto(entry.get().content(), staged);
            if (in.next().isPresent()) {
                throw new CorruptSnapshotException("snapshot holds more than one SQLite database entry");
            }
            checkIntegrity(staged);
            return new Staged(staged);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(staged);
            throw e;
        }
    }

    /** Copies in large writes: Files.copy writes 8 KiB at a time, 131,072 system calls for 1 GiB. */
    private static void copyInto(InputStream in, Path target) throws IOException {
        byte[] buf = new byte[COPY_BUFFER];
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                out.write(buf, 0, n);
            }
        }
    }

    private void checkIntegrity(Path staged) {
        try (Connection c = SqliteConnections.open("jdbc:sqlite:" + staged, true, config.busyTimeout());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            String first = rs.next() ? rs.getString(1) : "no result";
            if (!"ok".equals(first)) {
                throw new CorruptSnapshotException("the SQLite database in the snapshot fails its integrity check: " + first);
            }
        } catch (SQLException e) {
            throw new CorruptSnapshotException("the snapshot does not hold a readable SQLite database: " + e.getMessage(), e);
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

    /** A verified copy waiting to be swapped in. */
    private final class Staged implements StagedRestore {
        private final Path staged;

        Staged(Path staged) {
            this.staged = staged;
        }

        @Override
        public void commit() {
            Path parent = file.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new DatabaseSourceException("cannot restore into '" + file + "': directory " + parent + " does not exist");
            }
            try (Connection c = open(false)) {
                ((SQLiteConnection) c).getDatabase().restore("main", staged.toString(), null, 100, 300, -1);
            } catch (SQLException e) {
                throw new DatabaseSourceException("swapping the restored data into '" + file + "' failed; the live "
                        + "database is unchanged: " + e.getMessage(), e);
            }
            log.debug("Restored {} from staged copy {}", file, staged);
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(staged);
            } catch (IOException e) {
                log.warn("Could not delete staged copy {}: {}", staged, e.toString());
            }
        }
    }
}

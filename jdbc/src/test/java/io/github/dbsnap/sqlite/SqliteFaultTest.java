package io.github.dbsnap.sqlite;

import io.github.dbsnap.CorruptSnapshotException;
import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.testing.MemoryStorageProvider;
import io.github.dbsnap.testing.SmallFilesystem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQLite source against real faults: file systems that fill up (a small tmpfs), a live database
 * locked by another connection, a WAL database with another page size. Every failure must say what
 * failed and leave the live database byte for byte as it was; nothing unrestorable is ever stored.
 */
class SqliteFaultTest {
    private static final Duration BUSY = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private final MemoryStorageProvider storage = new MemoryStorageProvider();

    private SnapshotService service(Path db, Path tempDir) {
        return SnapshotService.builder().storage(storage).staleAfter(null)
                .database("main", new SqliteSourceFactory().create(new SqliteSourceConfig("jdbc:sqlite:" + db, tempDir, BUSY)))
                .build();
    }

    /** A database of about {@code kib} KiB of random blobs in one table. */
    private static void fill(Path db, int kib, boolean wal) throws Exception {
        try (Connection c = SqliteFixture.connect(db); Statement st = c.createStatement()) {
            if (wal) {
                st.execute("PRAGMA journal_mode=WAL");
            }
            st.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, b BLOB)");
            st.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + kib
                    + ") INSERT INTO t (b) SELECT randomblob(1000) FROM r");
        }
    }

    private static void sql(Path db, String... statements) throws Exception {
        try (Connection c = SqliteFixture.connect(db); Statement st = c.createStatement()) {
            for (String q : statements) {
                st.execute(q);
            }
        }
    }

    private static long rows(Path db) throws Exception {
        try (Connection c = SqliteFixture.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static List<String> leftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".dbsnap-")).toList();
        }
    }

    @Test
    @DisplayName("a create whose copy fills the temp directory's file system fails, says so, and stores nothing")
    void createOnFullTempDirStoresNothing() throws Exception {
        Path db = dir.resolve("main.db");
        fill(db, 3_000, false);
        try (SmallFilesystem small = SmallFilesystem.mount(dir.resolve("small"), 1 << 20);
             SnapshotService s = service(db, small.dir())) {
            assertThatThrownBy(() -> s.create("main"))
                    .isInstanceOf(DatabaseSourceException.class)
                    .hasMessageContaining("no space left on device")
                    .hasMessageContaining(small.dir().toString())
                    .hasMessageMatching("(?s).*needs about \\d+ bytes, \\d+ bytes are available.*");
            assertThat(s.list("main")).isEmpty();
            assertThat(leftovers(small.dir())).isEmpty();
        }
    }

    @Test
    @DisplayName("a restore whose staging fills the temp directory says 'no space', not 'corrupt', and the snapshot still restores")
    void stagingOnFullDiskSaysNoSpace() throws Exception {
        Path db = dir.resolve("main.db");
        fill(db, 3_000, false);
        SnapshotInfo info;
        try (SnapshotService s = service(db, null)) {
            info = s.create("main");
        }
        sql(db, "DELETE FROM t WHERE id > 10");
        String before = sha256(db);
        try (SmallFilesystem small = SmallFilesystem.mount(dir.resolve("small"), 1 << 20);
             SnapshotService s = service(db, small.dir())) {
            assertThatThrownBy(() -> s.restore(info.key()))
                    .isInstanceOf(DatabaseSourceException.class)
                    .isNotInstanceOf(CorruptSnapshotException.class)
                    .hasMessageContaining("no space left on device")
                    .hasMessageContaining(small.dir().toString())
                    .hasMessageMatching("(?s).*needs about \\d+ bytes, \\d+ bytes are available.*");
            assertThat(leftovers(small.dir())).isEmpty();
        }
        assertThat(sha256(db)).isEqualTo(before);
        try (SnapshotService s = service(db, null)) {
            s.verify(info.key());
            s.restore(info.key());
        }
        assertThat(rows(db)).isEqualTo(3_000);
    }

    @Test
    @DisplayName("a restore into a database locked longer than busy-timeout fails quickly, says so, and changes nothing")
    void lockedLiveDatabaseFailsClearly() throws Exception {
        Path db = dir.resolve("main.db");
        fill(db, 200, false);
        try (SnapshotService s = service(db, null)) {
            SnapshotInfo info = s.create("main");
            sql(db, "DELETE FROM t WHERE id > 10");
            String before = sha256(db);
            try (Connection holder = SqliteFixture.connect(db); Statement st = holder.createStatement()) {
                st.execute("BEGIN EXCLUSIVE");
                assertThatThrownBy(() -> s.restore(info.key()))
                        .isInstanceOf(DatabaseSourceException.class)
                        .hasMessageContaining("stayed locked by another connection for longer than busy-timeout (300 ms)")
                        .hasMessageContaining("unchanged");
                st.execute("ROLLBACK");
            }
            assertThat(sha256(db)).isEqualTo(before);
            assertThat(rows(db)).isEqualTo(10);
        }
    }

    @Test
    @DisplayName("a swap that does not fit in the live database's file system fails, says so, and leaves the file byte for byte")
    void swapThatDoesNotFitFailsClearly() throws Exception {
        try (SmallFilesystem small = SmallFilesystem.mount(dir.resolve("live"), 2 << 20)) {
            Path db = small.dir().resolve("main.db");
            fill(db, 900, false);
            try (SnapshotService s = service(db, dir)) {
                SnapshotInfo info = s.create("main");
                sql(db, "DELETE FROM t WHERE id > 10", "VACUUM");
                small.fillLeaving(300 << 10);
                String before = sha256(db);
                assertThatThrownBy(() -> s.restore(info.key()))
                        .isInstanceOf(DatabaseSourceException.class)
                        .hasMessageContaining("no space left on device")
                        .hasMessageContaining(db.toString())
                        .hasMessageContaining("unchanged");
                assertThat(sha256(db)).isEqualTo(before);
                assertThat(SqliteFixture.integrity(db)).isEqualTo("ok");
                assertThat(rows(db)).isEqualTo(10);
            }
        }
    }

    @Test
    @DisplayName("a snapshot restores into a WAL database with another page size, which keeps its page size and WAL mode")
    void walDatabaseWithOtherPageSizeRestores() throws Exception {
        Path db = dir.resolve("main.db");
        fill(db, 300, true);
        try (SnapshotService s = service(db, null)) {
            SnapshotInfo info = s.create("main");
            String snapshotContent = SqliteFixture.dump(db);
            sql(db, "DELETE FROM t WHERE id > 10", "PRAGMA journal_mode=DELETE", "PRAGMA page_size=8192", "VACUUM",
                    "PRAGMA journal_mode=WAL");
            assertThat(SqliteFiles.pageSize(db)).isEqualTo(8192);
            s.restore(info.key());
            assertThat(SqliteFixture.dump(db)).isEqualTo(snapshotContent);
            try (Connection c = SqliteFixture.connect(db); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("PRAGMA page_size")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(8192);
            }
            assertThat(SqliteFiles.isWal(db)).isTrue();
            assertThat(SqliteFixture.integrity(db)).isEqualTo("ok");
            assertThat(leftovers(dir)).isEmpty();
        }
    }

    @Test
    @DisplayName("creating and restoring a WAL database leaves no temp copy, -wal or -shm file behind")
    void walRestoreLeavesNoSidecars() throws Exception {
        Path db = dir.resolve("main.db");
        fill(db, 100, true);
        try (SnapshotService s = service(db, null)) {
            SnapshotInfo info = s.create("main");
            assertThat(leftovers(dir)).isEmpty();
            s.restore(info.key());
            assertThat(leftovers(dir)).isEmpty();
        }
        assertThat(rows(db)).isEqualTo(100);
    }
}

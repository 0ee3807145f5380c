package io.github.dbsnap.sqlite;

import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.testing.MemoryStorageProvider;
import io.github.dbsnap.testing.NonClosingStorage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshots taken while another process keeps writing restore to consistent databases. */
class SqliteConsistencyTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "journal_mode={0}")
    @ValueSource(strings = {"WAL", "DELETE"})
    @DisplayName("a snapshot taken while another process writes restores to a consistent database")
    void snapshotDuringWrites(String journalMode) throws Exception {
        Path live = dir.resolve("live.db");
        try (Connection c = SqliteFixture.connect(live); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=" + journalMode);
            st.execute("CREATE TABLE a (id INTEGER PRIMARY KEY, v BLOB)");
            st.execute("CREATE TABLE b (id INTEGER PRIMARY KEY, n INTEGER)");
        }
        Process writer = new ProcessBuilder("sqlite3", live.toString()).redirectErrorStream(true).start();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread feeder = new Thread(() -> {
            try (var out = writer.getOutputStream()) {
                out.write("PRAGMA busy_timeout=20000;\n".getBytes());
                for (int i = 0; !stop.get(); i++) {
                    out.write(("BEGIN IMMEDIATE; INSERT INTO a(v) VALUES (randomblob(500)); INSERT INTO b(n) VALUES ("
                            + i + "); COMMIT;\n").getBytes());
                    out.flush();
                }
            } catch (IOException ignored) {
                // the writer ended early; the assertions below will show it
            }
        }, "sqlite-writer-feed");
        feeder.start();
        MemoryStorageProvider storage = new MemoryStorageProvider();
        List<SnapshotInfo> taken = new ArrayList<>();
        try (SnapshotService service = SnapshotService.builder().storage(new NonClosingStorage(storage))
                .database("main", new SqliteSourceFactory().create(new SqliteSourceConfig("jdbc:sqlite:" + live, null,
                        Duration.ofSeconds(20)))).build()) {
            waitForRows(live, 20);
            for (int i = 0; i < 4; i++) {
                assertThat(writer.isAlive()).as("the writer keeps writing during snapshot %d", i).isTrue();
                taken.add(service.create("main"));
            }
        } finally {
            stop.set(true);
        }
        feeder.join(120_000);
        assertThat(writer.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(writer.getInputStream().readAllBytes())).doesNotContain("Error");
        assertThat(taken).isNotEmpty();

        long previous = -1;
        for (int i = 0; i < taken.size(); i++) {
            Path copy = dir.resolve("copy" + i + ".db");
            try (SnapshotService restore = SnapshotService.builder().storage(new NonClosingStorage(storage))
                    .database("main", new SqliteSourceFactory().create(new SqliteSourceConfig("jdbc:sqlite:" + copy, null,
                            Duration.ofSeconds(20)))).build()) {
                restore.restore(taken.get(i).key());
            }
            assertThat(SqliteFixture.integrity(copy)).isEqualTo("ok");
            long a = count(copy, "a");
            assertThat(count(copy, "b")).as("both tables of one transaction").isEqualTo(a);
            assertThat(a).isGreaterThanOrEqualTo(previous).isPositive();
            previous = a;
        }
        assertThat(Files.exists(live)).isTrue();
    }

    private static void waitForRows(Path db, long rows) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                if (count(db, "a") >= rows) {
                    return;
                }
            } catch (java.sql.SQLException busy) {
                // the writer holds the lock right now
            }
            Thread.sleep(10);
        }
        throw new AssertionError("writer did not start");
    }

    private static long count(Path db, String table) throws Exception {
        try (Connection c = SqliteFixture.connect(db); Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout=20000");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

package io.github.dbsnap.sqlite;

import io.github.dbsnap.CorruptSnapshotException;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.DatabaseSourceContract;
import io.github.dbsnap.spi.DatabaseSourceFactory;
import io.github.dbsnap.spi.ProviderConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteSourceTest extends DatabaseSourceContract {
    @TempDir
    Path dir;

    Path db() {
        return dir.resolve("main.db");
    }

    @Override
    protected void populate() throws Exception {
        SqliteFixture.create(db(), 2_000, false);
    }

    @Override
    protected DatabaseSourceFactory factory() {
        return new SqliteSourceFactory();
    }

    @Override
    protected Map<String, String> sourceSettings() {
        return Map.of("url", "jdbc:sqlite:" + db());
    }

    @Override
    protected Object liveState() throws Exception {
        return SqliteFixture.dump(db());
    }

    @Override
    protected void mutate() throws Exception {
        try (Connection c = SqliteFixture.connect(db()); Statement st = c.createStatement()) {
            st.execute("DELETE FROM items WHERE id % 3 = 0");
            st.execute("UPDATE users SET name = 'changed' WHERE id = 1");
            st.execute("CREATE TABLE extra (x)");
        }
    }

    @Override
    protected DatabaseSource unreachableSource() {
        return new SqliteSourceFactory().create(ProviderConfig.of(Map.of("url", "jdbc:sqlite:" + dir.resolve("missing/none.db"))));
    }

    @Test
    @DisplayName("a snapshot whose database passes quick_check but fails integrity_check is refused and the live data stays")
    void integrityCheckFailureLeavesLiveData() throws Exception {
        // an index that no longer matches its table: quick_check (at create) passes, integrity_check (at restore) does not
        try (Connection c = SqliteFixture.connect(db()); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE pairs (a INTEGER, b INTEGER)");
            st.execute("CREATE INDEX pairs_a ON pairs (a)");
            st.execute("INSERT INTO pairs SELECT id, -id FROM items");
            st.execute("PRAGMA writable_schema = ON");
            st.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX pairs_a ON pairs (b)' WHERE name = 'pairs_a'");
        }
        var info = service.create("db");
        try (Connection c = SqliteFixture.connect(db()); Statement st = c.createStatement()) {
            st.execute("DROP TABLE pairs");
            st.execute("DELETE FROM items WHERE id > 10");
        }
        String before = SqliteFixture.dump(db());
        assertThatThrownBy(() -> service.restore(info.key()))
                .isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining("integrity_check");
        assertThat(SqliteFixture.dump(db())).isEqualTo(before);
        assertThat(dir.toFile().list()).noneMatch(n -> n.contains(".dbsnap-"));
    }

    @Test
    @DisplayName("a connection kept open across the restore sees the restored data")
    void openConnectionSeesRestoredData() throws Exception {
        var info = service.create("db");
        try (Connection c = SqliteFixture.connect(db()); Statement st = c.createStatement()) {
            st.execute("DELETE FROM items");
            service.restore(info.key());
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM items")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2_000);
            }
        }
    }

    @Test
    @DisplayName("a WAL database restores to exactly its dumped content")
    void walDatabaseRoundTrip() throws Exception {
        Path wal = dir.resolve("wal.db");
        SqliteFixture.create(wal, 500, true);
        String before = SqliteFixture.dump(wal);
        try (var s = io.github.dbsnap.SnapshotService.builder().storage(storage)
                .database("wal", new SqliteSourceFactory().create(new SqliteSourceConfig("jdbc:sqlite:" + wal, null,
                        java.time.Duration.ofSeconds(5)))).build()) {
            var info = s.create("wal");
            try (Connection c = SqliteFixture.connect(wal); Statement st = c.createStatement()) {
                st.execute("DELETE FROM users WHERE id > 2");
            }
            s.restore(info.key());
        }
        assertThat(SqliteFixture.dump(wal)).isEqualTo(before);
        assertThat(SqliteFixture.integrity(wal)).isEqualTo("ok");
    }
}

package io.github.dbsnap.sqlite;

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

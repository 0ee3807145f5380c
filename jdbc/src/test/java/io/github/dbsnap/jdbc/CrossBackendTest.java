package io.github.dbsnap.jdbc;

import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.testing.MemoryStorageProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SQLite → PostgreSQL → MariaDB → SQLite through snapshots keeps every row and value. */
class CrossBackendTest {
    private static final TestDb PG = TestDb.postgres();
    private static final TestDb MARIA = TestDb.mariadb();

    @BeforeAll
    static void createSchemas() throws Exception {
        PG.reset();
        PG.exec(TypeSchemas.postgres());
        MARIA.reset();
        MARIA.exec(TypeSchemas.mariadb());
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        PG.drop();
        MARIA.drop();
    }

    @Test
    @DisplayName("SQLite to PostgreSQL to MariaDB to SQLite keeps the same rows")
    void sqlitePostgresMariadbSqlite(@TempDir Path dir) throws Exception {
        TestDb first = TestDb.sqlite(dir);
        first.exec(TypeSchemas.sqlite());
        TypeSchemas.fillSqlite(first);
        TestDb last = TestDb.sqlite(dir);
        last.exec(TypeSchemas.sqlite());
        try (SnapshotService s = SnapshotService.builder().storage(new MemoryStorageProvider()).allowDatabaseMismatch(true)
                .database("first", first.source()).database("pg", PG.source()).database("maria", MARIA.source())
                .database("last", last.source()).build()) {
            s.restore("pg", s.create("first").key());
            checkPostgres();
            s.restore("maria", s.create("pg").key());
            checkMariadb();
            s.restore("last", s.create("maria").key());
        }
        assertThat(state(last)).isEqualTo(state(first));
    }

    private static List<String> state(TestDb db) throws Exception {
        List<String> all = new ArrayList<>(db.rows("all_types", "id"));
        all.addAll(db.rows("child", "id"));
        return all;
    }

    private static void checkPostgres() throws Exception {
        try (Connection c = PG.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT d::text, tstz = '2024-05-01T10:15:30.123456Z'::timestamptz, "
                     + "ts::text, encode(bin, 'hex'), flag, length(big), u::text, r, dbl FROM all_types ORDER BY id")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(TypeSchemas.DECIMAL);
            assertThat(rs.getBoolean(2)).isTrue();
            assertThat(rs.getString(3)).isEqualTo("2024-05-01 10:15:30.123456");
            assertThat(rs.getString(4)).isEqualTo(java.util.HexFormat.of().formatHex(TypesRoundTripBase.allBytes()));
            assertThat(rs.getBoolean(5)).isTrue();
            assertThat(rs.getInt(6)).isEqualTo(TypeSchemas.BIG_TEXT.codePointCount(0, TypeSchemas.BIG_TEXT.length()));
            assertThat(rs.getString(7)).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
            assertThat(rs.getFloat(8)).isEqualTo(1.5f);
            assertThat(rs.getDouble(9)).isEqualTo(0.1);
        }
        assertThat(PG.rows("all_types", "id").get(1)).contains("|[]|"); // empty string, not NULL
    }

    private static void checkMariadb() throws Exception {
        try (Connection c = MARIA.connect(); Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+00:00'");
            try (ResultSet rs = st.executeQuery("SELECT d, tstz, ts, hex(bin), flag, char_length(big), t IS NULL, t = '' "
                    + "FROM all_types ORDER BY id")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(TypeSchemas.DECIMAL);
                assertThat(rs.getString(2)).isEqualTo("2024-05-01 10:15:30.123456");
                assertThat(rs.getString(3)).isEqualTo("2024-05-01 10:15:30.123456");
                assertThat(rs.getString(4)).isEqualToIgnoringCase(java.util.HexFormat.of().formatHex(TypesRoundTripBase.allBytes()));
                assertThat(rs.getBoolean(5)).isTrue();
                assertThat(rs.getInt(6)).isEqualTo(TypeSchemas.BIG_TEXT.codePointCount(0, TypeSchemas.BIG_TEXT.length()));
                rs.next();
                assertThat(rs.getBoolean(7)).isFalse();
                assertThat(rs.getBoolean(8)).isTrue();
            }
        }
    }
}

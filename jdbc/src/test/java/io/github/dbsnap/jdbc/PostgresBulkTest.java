package io.github.dbsnap.jdbc;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.testing.MemoryStorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL's COPY paths: the dump writes byte for byte what the row-by-row JDBC path writes, for
 * every column kind and awkward value; a restore through COPY brings every value back; bad input fails
 * naming table and row, leaving the live rows exactly as they were.
 */
class PostgresBulkTest {
    static final String KINDS = "CREATE TABLE kinds (id int PRIMARY KEY, flag boolean, i2 smallint, i8 bigint, "
            + "n numeric(30,10), nn numeric, r real, d double precision, day date, tm time(6), ts timestamp(6), "
            + "tstz timestamptz, bin bytea, t text, vc varchar(20), ch char(3), u uuid, j jsonb, arr int[], tarr text[])";
    static final String[] ROWS = {
        "INSERT INTO kinds VALUES (1, true, -32768, 9223372036854775807, 12345678901234567890.0123456789, 'NaN', "
                + "'Infinity', 1e300, '2024-02-29', '10:15:30.5', '2024-05-01 10:15:30.12', '2024-05-01 12:15:30.123456+02', "
                + "'\\x00ff10', E'Grüße 日本 🎉 \"quoted\", comma\\ttab\\r\\nCRLF\\nLF \\\\ back', 'x', 'ab', "
                + "'123e4567-e89b-12d3-a456-426614174000', '{\"a\": [1, \"b\"]}', '{1,NULL,3}', '{\"a,b\",\"c\\\"d\"}')",
        "INSERT INTO kinds VALUES (2, false, 0, -1, 0.5, '-Infinity', '-Infinity', 'NaN', '0001-01-01', '00:00:00', "
                + "'1970-01-01 00:00:00', '1999-12-31 23:59:59.999+00', '\\x', '', '', '', NULL, 'null', '{}', '{}')",
        "INSERT INTO kinds VALUES (3, NULL, NULL, NULL, NULL, NULL, 'NaN', 1e-7, NULL, '23:59:59.999999', "
                + "'2024-01-01 00:00:00.1', '2024-06-01 00:00:00.000001Z', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
        "INSERT INTO kinds VALUES (4, true, 1, 1, 1, 1, 3.4028235e38, -0.0, '9999-12-31', '12:00:00.1234', "
                + "'2024-01-01 00:00:00.1234', '2024-06-01 00:00:00.1+05:30', '\\x00', '\\.', ',', ' ', NULL, '\"\"', NULL, '{NULL}')",
        "INSERT INTO kinds (id, d, t) VALUES (5, 0.1, 'NULL'), (6, 123456789012345680000, '\\N')"};

    private final TestDb db = TestDb.postgres();

    @BeforeEach
    void setUp() throws Exception {
        db.reset();
    }

    @AfterEach
    void tearDown() throws Exception {
        db.drop();
    }

    @Test
    @DisplayName("the COPY dump writes exactly what the row-by-row dump writes, for every column kind, whole or in parts")
    void copyDumpEqualsJdbcDump() throws Exception {
        db.exec(KINDS);
        db.exec(ROWS);
        assertThat(csv(true, PartWriter.DEFAULT_PART_SIZE)).isEqualTo(csv(false, PartWriter.DEFAULT_PART_SIZE))
                .isEqualTo(csv(true, 7)).isEqualTo(csv(false, 7))
                .contains("\r\n2,false,0,-1,0.5000000000,-Infinity,-Infinity,NaN,");
    }

    private String csv(boolean bulk, long partSize) throws Exception {
        Dialect dialect = Dialects.forUrl(TestDb.PG_URL);
        CapturingEntryWriter out = new CapturingEntryWriter();
        try (Connection c = DriverManager.getConnection(TestDb.PG_URL)) {
            dialect.prepareSession(c);
            dialect.beginSnapshot(c);
            TableDef t = new SchemaReader(dialect).read(c, db.name, x -> true).get(0);
            assertThat(dialect.copiesOut(t)).isTrue();
            try (PartWriter parts = new PartWriter(out, PartWriter.defaultDir(), partSize, 2)) {
                new TableDumper(dialect, 2, 1 << 20, bulk).dump(c, db.name, t, parts);
            }
            c.rollback();
            assertThat(out.entries.containsKey(t.entry())).isEqualTo(partSize == PartWriter.DEFAULT_PART_SIZE);
            return out.logical(t.entry());
        }
    }

    @Test
    @DisplayName("every column kind round-trips exactly through COPY out and COPY in")
    void everyKindRoundTrips() throws Exception {
        db.exec(KINDS);
        db.exec(ROWS);
        List<String> before = db.rows("kinds", "id");
        try (SnapshotService s = SnapshotService.builder().storage(new MemoryStorageProvider())
                .database("db", db.source()).build()) {
            String key = s.create("db").key();
            db.exec("DELETE FROM kinds WHERE id > 2", "UPDATE kinds SET t = 'changed'");
            s.restore(key);
        }
        assertThat(db.rows("kinds", "id")).isEqualTo(before);
    }

    @Test
    @DisplayName("a value the target type cannot hold fails naming table, row and column, and changes nothing")
    void badValueNamesRow() throws Exception {
        badRestore("CREATE TABLE users (id int PRIMARY KEY, name int)",
                "loading table 'users' failed at row 3, column 'name': invalid input syntax for type integer");
    }

    @Test
    @DisplayName("a value that does not convert on its way into COPY fails naming table, row and column, and changes nothing")
    void unconvertibleValueNamesRow() throws Exception {
        badRestore("CREATE TABLE users (id int PRIMARY KEY, name timestamp)",
                "table 'users', row 1, column 'name': the value cannot be converted");
    }

    @Test
    @DisplayName("a constraint violated half-way through a table fails naming the row, and changes nothing")
    void constraintHalfWayNamesRow() throws Exception {
        badRestore("CREATE TABLE users (id int PRIMARY KEY, name text CHECK (name <> 'bad'))",
                "loading table 'users' failed at row 3000: new row for relation \"users\" violates check constraint");
    }

    @Test
    @DisplayName("a target table missing a column fails before changing anything")
    void missingColumn() throws Exception {
        badRestore("CREATE TABLE users (id int PRIMARY KEY)", "lacks column users.name");
    }

    private void badRestore(String targetDdl, String error) throws Exception {
        TestDb source = TestDb.postgres();
        try {
            source.reset();
            source.exec("CREATE TABLE users (id int PRIMARY KEY, name text)",
                    "INSERT INTO users SELECT g, CASE WHEN g = 3 THEN 'x' || g WHEN g = 3000 THEN 'bad' ELSE g::text END "
                            + "FROM generate_series(1, 5000) g");
            db.exec(targetDdl, "INSERT INTO users (id) VALUES (7), (9001)");
            List<String> live = db.rows("users", "id");
            try (SnapshotService s = SnapshotService.builder().storage(new MemoryStorageProvider())
                    .database("source", source.source()).database("target", db.source()).allowDatabaseMismatch(true).build()) {
                String key = s.create("source").key();
                assertThatThrownBy(() -> s.restore("target", key)).isInstanceOf(DatabaseSourceException.class)
                        .hasMessageContaining(error).hasMessageNotContaining("'x3'");
            }
            assertThat(db.rows("users", "id")).isEqualTo(live);
        } finally {
            source.drop();
        }
    }
}

package io.github.dbsnap.jdbc;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.testing.MemoryStorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MariaDB's LOAD DATA LOCAL path: bad input fails naming table and row (LOCAL reports it as warnings)
 * with the live rows unchanged; a refusal of local files by the driver or by the server falls back to
 * batched INSERTs, logged once per restore.
 */
class MariadbBulkTest {
    private final TestDb source = TestDb.mariadb();
    private final TestDb db = TestDb.mariadb();

    @BeforeEach
    void setUp() throws Exception {
        source.reset();
        db.reset();
        source.exec("CREATE TABLE users (id int PRIMARY KEY, name text) ENGINE=InnoDB",
                "CREATE TABLE notes (id int PRIMARY KEY, body text, bin blob) ENGINE=InnoDB",
                "INSERT INTO users SELECT seq, CASE WHEN seq = 3 THEN concat('x', seq) WHEN seq = 3000 THEN 'bad' "
                        + "ELSE seq END FROM seq_1_to_5000",
                "INSERT INTO notes VALUES (1, 'NULL', x'00ff5c09'), (2, 'tab\\there\\\\back\\nline', NULL), (3, NULL, x'')");
    }

    @AfterEach
    void tearDown() throws Exception {
        source.drop();
        db.drop();
    }

    @Test
    @DisplayName("a value the target type cannot hold fails naming table and row, and changes nothing")
    void badValueNamesRow() throws Exception {
        badRestore("CREATE TABLE users (id int PRIMARY KEY, name int) ENGINE=InnoDB",
                "loading table 'users' failed at row 3: Incorrect integer value for column");
    }

    @Test
    @DisplayName("a constraint violated half-way through a table fails naming it, and changes nothing")
    void constraintHalfWay() throws Exception {
        // LOAD DATA LOCAL reports a failed CHECK without its row
        badRestore("CREATE TABLE users (id int PRIMARY KEY, name varchar(10) CHECK (name <> 'bad')) ENGINE=InnoDB",
                "loading table 'users' failed: CONSTRAINT `users.name` failed");
    }

    @Test
    @DisplayName("a duplicate key half-way through a table fails, and changes nothing")
    void duplicateHalfWay() throws Exception {
        // the target's unique key on the first character makes row 10 ('10') collide with row 1 ('1')
        badRestore("CREATE TABLE users (id int PRIMARY KEY, name varchar(10), initial char(1) AS (left(name, 1)) VIRTUAL, "
                + "UNIQUE (initial)) ENGINE=InnoDB", "loading table 'users' failed: Duplicate entry");
    }

    private void badRestore(String targetDdl, String error) throws Exception {
        db.exec(targetDdl, "CREATE TABLE notes (id int PRIMARY KEY, body text, bin blob) ENGINE=InnoDB",
                "INSERT INTO users (id, name) VALUES (7, NULL), (9001, '5')", "INSERT INTO notes VALUES (9, 'live', NULL)");
        List<String> live = db.rows("users", "id");
        List<String> liveNotes = db.rows("notes", "id");
        try (SnapshotService s = SnapshotService.builder().storage(new MemoryStorageProvider()).allowDatabaseMismatch(true)
                .database("source", source.source()).database("target", db.source()).build()) {
            String key = s.create("source").key();
            assertThatThrownBy(() -> s.restore("target", key)).isInstanceOf(DatabaseSourceException.class)
                    .hasMessageContaining(error).hasMessageNotContaining("'x3'");
        }
        assertThat(db.rows("users", "id")).isEqualTo(live);
        assertThat(db.rows("notes", "id")).isEqualTo(liveNotes);
    }

    @Test
    @DisplayName("LOAD DATA brings back NULL, empty, tabs, backslashes, newlines and bytes exactly")
    void loadDataRoundTrips() throws Exception {
        createTarget();
        restoreInto(db.source());
        assertRestored();
    }

    @Test
    @DisplayName("a driver that refuses local files falls back to INSERTs, logged once for the whole restore")
    void driverRefusalFallsBack() throws Exception {
        createTarget();
        String log = restoreInto(db.source("url", TestDb.MARIADB_URL + "&allowLocalInfile=false"));
        assertThat(log.split("refuses LOAD DATA LOCAL", -1)).hasSize(2);
        assertRestored();
    }

    @Test
    @DisplayName("a server with local_infile off gets INSERTs, logged once for the whole restore")
    void serverRefusalFallsBack() throws Exception {
        createTarget();
        String was;
        try (Connection c = DriverManager.getConnection(TestDb.MARIADB_URL); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@GLOBAL.local_infile")) {
            rs.next();
            was = rs.getString(1);
        }
        String log;
        try {
            admin("SET GLOBAL local_infile = 0");
            log = restoreInto(db.source());
        } finally {
            admin("SET GLOBAL local_infile = " + ("0".equals(was) ? "0" : "1"));
        }
        assertThat(log.split("refuses LOAD DATA LOCAL", -1)).hasSize(2);
        assertRestored();
    }

    private void createTarget() throws Exception {
        db.exec("CREATE TABLE users (id int PRIMARY KEY, name text) ENGINE=InnoDB",
                "CREATE TABLE notes (id int PRIMARY KEY, body text, bin blob) ENGINE=InnoDB");
    }

    private void assertRestored() throws Exception {
        assertThat(db.rows("notes", "id")).isEqualTo(source.rows("notes", "id"));
        assertThat(db.rows("users", "id")).isEqualTo(source.rows("users", "id"));
    }

    private static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDb.MARIADB_URL); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Restores a snapshot of the source into {@code target}; @return what was logged meanwhile */
    private String restoreInto(io.github.dbsnap.spi.DatabaseSource target) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (SnapshotService s = SnapshotService.builder().storage(new MemoryStorageProvider()).allowDatabaseMismatch(true)
                .database("source", source.source()).database("target", target).build()) {
            String key = s.create("source").key();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            s.restore("target", key);
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}

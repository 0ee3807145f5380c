package io.github.dbsnap.jdbc;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.testing.MemoryStorageProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A restore never reaches rows the snapshot does not hold, and never starts what it could not roll
 * back: foreign keys from outside the restored tables and non-transactional engines are refused first.
 */
class RestoreGuardTest {
    @TempDir
    Path dir;

    private static final String USERS = "CREATE TABLE users (id int PRIMARY KEY, name varchar(50) NOT NULL)";
    private static final String AUDIT = "CREATE TABLE audit (id int PRIMARY KEY, user_id int, what varchar(50), "
            + "FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE)";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "mariadb", "sqlite"})
    @DisplayName("an excluded table referencing a restored one ON DELETE CASCADE is listed, and nothing is emptied")
    void excludedCascadingTableRefused(String kind) throws Exception {
        TestDb db = TestDb.of(kind, dir);
        try {
            db.reset();
            db.exec(USERS, AUDIT, "INSERT INTO users VALUES (1, 'Ann'), (2, 'Bob')",
                    "INSERT INTO audit VALUES (1, 1, 'login'), (2, 2, 'login')");
            try (SnapshotService s = SnapshotService.builder().storage(new MemoryStorageProvider())
                    .database("main", db.source("exclude", "audit")).build()) {
                String key = s.create("main").key();
                db.exec("INSERT INTO users VALUES (3, 'Cy')", "INSERT INTO audit VALUES (3, 3, 'signup')");
                List<String> users = db.rows("users", "id");
                List<String> audit = db.rows("audit", "id");
                assertThatThrownBy(() -> s.restore("main", key)).isInstanceOf(DatabaseSourceException.class)
                        .hasMessageContaining("audit.user_id → users (ON DELETE CASCADE)")
                        .hasMessageContaining("nothing was changed");
                assertThat(db.rows("audit", "id")).isEqualTo(audit).hasSize(3);
                assertThat(db.rows("users", "id")).isEqualTo(users);
            }
        } finally {
            db.drop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "mariadb", "sqlite"})
    @DisplayName("a table the snapshot does not know, referencing a restored one, is refused too; restoring both works")
    void unknownReferencingTableRefused(String kind) throws Exception {
        TestDb source = TestDb.of(kind, dir);
        TestDb target = TestDb.of(kind, dir);
        try {
            source.reset();
            source.exec(USERS, "INSERT INTO users VALUES (1, 'Ann')");
            target.reset();
            target.exec(USERS, AUDIT.replace("ON DELETE CASCADE", ""), "INSERT INTO users VALUES (1, 'Old')",
                    "INSERT INTO audit VALUES (1, 1, 'kept')");
            try (SnapshotService s = SnapshotService.builder().storage(new MemoryStorageProvider())
                    .database("source", source.source()).database("target", target.source())
                    .allowDatabaseMismatch(true).build()) {
                String key = s.create("source").key();
                assertThatThrownBy(() -> s.restore("target", key)).isInstanceOf(DatabaseSourceException.class)
                        .hasMessageContaining("audit.user_id → users");
                assertThat(target.rows("users", "id")).containsExactly("[1]|[Old]");
                target.exec("DROP TABLE audit");
                s.restore("target", key);
                assertThat(target.rows("users", "id")).containsExactly("[1]|[Ann]");
            }
        } finally {
            source.drop();
            target.drop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"MyISAM", "Aria", "MEMORY"})
    @DisplayName("a MariaDB table in an engine without transactions is refused before anything changes, even when the snapshot fails late")
    void nonTransactionalEngineRefused(String engine) throws Exception {
        TestDb db = TestDb.mariadb();
        try {
            db.reset();
            db.exec(USERS + " ENGINE=InnoDB", "CREATE TABLE counters (id int PRIMARY KEY, n int) ENGINE=" + engine,
                    "INSERT INTO users VALUES (1, 'Ann')", "INSERT INTO counters VALUES (1, 10), (2, 20)");
            DatabaseSource source = db.source();
            CapturingEntryWriter dump = new CapturingEntryWriter();
            source.dump(dump);
            db.exec("UPDATE counters SET n = n + 1", "INSERT INTO counters VALUES (3, 30)");
            List<String> live = db.rows("counters", "id");
            assertThatThrownBy(() -> source.stage(new EntryListReader(dump, Map.of(), true)).close())
                    .isInstanceOf(DatabaseSourceException.class)
                    .hasMessageContaining("counters (" + engine + ")")
                    .hasMessageContaining("without transactions")
                    .hasMessageContaining("nothing was changed");
            assertThat(db.rows("counters", "id")).isEqualTo(live);
            assertThat(db.rows("users", "id")).containsExactly("[1]|[Ann]");
        } finally {
            db.drop();
        }
    }
}

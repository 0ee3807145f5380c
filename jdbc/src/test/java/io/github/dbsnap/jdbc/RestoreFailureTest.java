package io.github.dbsnap.jdbc;

import io.github.dbsnap.DatabaseSourceException;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.testing.MemoryStorageProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A restore that cannot complete leaves the target exactly as it was; skip-missing restores the rest. */
class RestoreFailureTest {
    @TempDir
    Path dir;

    private TestDb db(String kind) {
        return TestDb.of(kind, dir);
    }

    private static final String PARENT = "CREATE TABLE users (id int PRIMARY KEY, name varchar(50) NOT NULL, email varchar(50))";
    private static final String CHILD = "CREATE TABLE notes (id int PRIMARY KEY, user_id int NOT NULL REFERENCES users(id), "
            + "body varchar(50))";

    /** Runs a restore from a source with users + notes into a target built by {@code targetDdl}. */
    private void restore(String kind, String[] targetDdl, String expectedError, String... settings) throws Exception {
        TestDb source = db(kind);
        TestDb target = db(kind);
        try {
            source.reset();
            source.exec(PARENT, CHILD, "INSERT INTO users VALUES (1, 'Ann', 'a@x'), (2, 'Bob', NULL)",
                    "INSERT INTO notes VALUES (1, 1, 'hi'), (2, 2, '')");
            target.reset();
            target.exec(targetDdl);
            target.exec("INSERT INTO users (id, name) VALUES (7, 'live')");
            List<String> live = target.rows("users", "id");
            try (SnapshotService s = SnapshotService.builder().storage(new MemoryStorageProvider()).allowDatabaseMismatch(true)
                    .database("source", source.source()).database("target", target.source(settings)).build()) {
                String key = s.create("source").key();
                if (expectedError == null) {
                    s.restore("target", key);
                    assertThat(target.rows("users", "id")).hasSize(2);
                    return;
                }
                assertThatThrownBy(() -> s.restore("target", key)).isInstanceOf(DatabaseSourceException.class)
                        .hasMessageContaining(expectedError);
            }
            assertThat(target.rows("users", "id")).isEqualTo(live);
        } finally {
            source.drop();
            target.drop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "mariadb", "sqlite"})
    @DisplayName("a target missing a column or a table fails with a list of what is missing and changes nothing")
    void missingColumnAndTable(String kind) throws Exception {
        restore(kind, new String[] {"CREATE TABLE users (id int PRIMARY KEY, name varchar(50) NOT NULL)"},
                "lacks column users.email, table notes");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "mariadb", "sqlite"})
    @DisplayName("a row violating a constraint of the target rolls everything back")
    void constraintViolationRollsBack(String kind) throws Exception {
        restore(kind, new String[] {
            "CREATE TABLE users (id int PRIMARY KEY, name varchar(50) NOT NULL CHECK (name <> 'Bob'), email varchar(50))",
            CHILD}, "loading table 'users' failed");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "mariadb", "sqlite"})
    @DisplayName("with skip-missing, what the target lacks is skipped and the rest restored")
    void skipMissing(String kind) throws Exception {
        restore(kind, new String[] {"CREATE TABLE users (id int PRIMARY KEY, name varchar(50) NOT NULL)"}, null,
                "skip-missing", "true");
    }
}

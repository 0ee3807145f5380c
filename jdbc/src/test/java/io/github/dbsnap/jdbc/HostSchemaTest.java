package io.github.dbsnap.jdbc;

import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.testing.MemoryStorageProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A PostgreSQL database of the host's kind snapshots, changes, restores; the same snapshot restores into MariaDB. */
class HostSchemaTest {
    private static final TestDb PG = TestDb.postgres();
    private static final TestDb MARIA = TestDb.mariadb();

    @AfterAll
    static void drop() throws Exception {
        PG.drop();
        MARIA.drop();
    }

    @Test
    @DisplayName("users, api_keys and audit rows restore row for row into PostgreSQL and into MariaDB")
    void hostDatabaseRestores() throws Exception {
        PG.reset();
        PG.exec("CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, display_name text, "
                        + "active boolean NOT NULL DEFAULT true, created_at timestamptz NOT NULL DEFAULT now())",
                "CREATE TABLE api_keys (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE, "
                        + "key_hash bytea NOT NULL, label text, created_at timestamptz NOT NULL, revoked_at timestamptz)",
                "CREATE TABLE audit (id bigserial PRIMARY KEY, user_id bigint REFERENCES users(id), action text NOT NULL, "
                        + "detail jsonb, at timestamptz NOT NULL)",
                "INSERT INTO users (email, display_name, active) SELECT 'u' || g || '@example.com', "
                        + "CASE WHEN g % 5 = 0 THEN NULL WHEN g % 7 = 0 THEN '' ELSE 'User ' || g END, g % 3 <> 0 "
                        + "FROM generate_series(1, 50) g",
                "INSERT INTO api_keys (user_id, key_hash, label, created_at, revoked_at) SELECT 1 + g % 50, "
                        + "sha256(g::text::bytea), 'key ' || g, now() - g * interval '1 hour', "
                        + "CASE WHEN g % 4 = 0 THEN now() END FROM generate_series(1, 100) g",
                "INSERT INTO audit (user_id, action, detail, at) SELECT CASE WHEN g % 10 = 0 THEN NULL ELSE 1 + g % 50 END, "
                        + "'login', jsonb_build_object('ip', '10.0.0.' || g % 255), "
                        + "timestamptz '2024-01-01 00:00:00.123456+00' + g * interval '1 minute' FROM generate_series(1, 500) g");
        MARIA.reset();
        MARIA.exec("CREATE TABLE users (id bigint AUTO_INCREMENT PRIMARY KEY, email varchar(255) NOT NULL UNIQUE, "
                        + "display_name text, active boolean NOT NULL DEFAULT true, "
                        + "created_at timestamp(6) NOT NULL DEFAULT current_timestamp(6))",
                "CREATE TABLE api_keys (id bigint AUTO_INCREMENT PRIMARY KEY, user_id bigint NOT NULL, key_hash varbinary(64) NOT NULL, "
                        + "label text, created_at timestamp(6) NOT NULL, revoked_at timestamp(6) NULL, "
                        + "FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE)",
                "CREATE TABLE audit (id bigint AUTO_INCREMENT PRIMARY KEY, user_id bigint, action text NOT NULL, detail json, "
                        + "at timestamp(6) NOT NULL, FOREIGN KEY (user_id) REFERENCES users(id))",
                "INSERT INTO users (email) VALUES ('live@example.com')");
        List<String> before = rows(PG);
        try (SnapshotService s = SnapshotService.builder().storage(new MemoryStorageProvider()).allowDatabaseMismatch(true)
                .database("main", PG.source()).database("replica", MARIA.source()).build()) {
            String key = s.create("main").key();
            PG.exec("DELETE FROM audit WHERE user_id = 3", "DELETE FROM users WHERE id = 3", "UPDATE audit SET action = 'logout' WHERE id < 100",
                    "INSERT INTO users (email) VALUES ('new@example.com')");
            assertThat(rows(PG)).isNotEqualTo(before);
            s.restore(key);
            assertThat(rows(PG)).isEqualTo(before);
            s.restore("replica", key);
        }
        assertThat(canonical(MARIA)).isEqualTo(canonical(PG));
        PG.exec("INSERT INTO users (email) VALUES ('after@example.com')");
        MARIA.exec("INSERT INTO users (email) VALUES ('after@example.com')");
        assertThat(PG.count("users")).isEqualTo(51);
        assertThat(MARIA.count("users")).isEqualTo(51);
    }

    private static List<String> rows(TestDb db) throws SQLException {
        List<String> all = new ArrayList<>(db.rows("users", "id"));
        all.addAll(db.rows("api_keys", "id"));
        all.addAll(db.rows("audit", "id"));
        return all;
    }

    /** @return every row in the canonical CSV text of the source, so that two backends compare */
    private static List<String> canonical(TestDb db) throws SQLException {
        String url = db.settings().get("url");
        Dialect d = Dialects.forUrl(url);
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect()) {
            d.prepareSession(c);
            String schema = db.settings().get("schema");
            for (TableDef t : new SchemaReader(d).read(c, schema, n -> true)) {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT * FROM " + d.table(schema, t.name()) + " ORDER BY id")) {
                    while (rs.next()) {
                        StringBuilder sb = new StringBuilder(t.name());
                        for (int i = 0; i < t.columns().size(); i++) {
                            sb.append('|').append(d.encode(rs, i + 1, t.columns().get(i).kind()));
                        }
                        out.add(sb.toString());
                    }
                }
            }
        }
        return out;
    }
}

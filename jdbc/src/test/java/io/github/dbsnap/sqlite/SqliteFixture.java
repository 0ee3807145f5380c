package io.github.dbsnap.sqlite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/** Builds representative SQLite databases and reads them back with the real {@code sqlite3} tool. */
final class SqliteFixture {
    private SqliteFixture() {
    }

    static Connection connect(Path db) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }

    /** Tables, an index, a view, a trigger, BLOBs, NULLs, non-ASCII text; {@code rows} rows in {@code items}. */
    static void create(Path db, int rows, boolean wal) throws SQLException {
        try (Connection c = connect(db); Statement st = c.createStatement()) {
            if (wal) {
                st.execute("PRAGMA journal_mode=WAL");
            }
            st.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE, note TEXT)");
            st.execute("CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER REFERENCES users(id),"
                    + " payload BLOB, score REAL, label TEXT)");
            st.execute("CREATE TABLE audit (at TEXT, what TEXT)");
            st.execute("CREATE INDEX items_user ON items(user_id)");
            st.execute("CREATE VIEW user_items AS SELECT u.name, count(i.id) AS n FROM users u LEFT JOIN items i ON i.user_id = u.id GROUP BY u.id");
            st.execute("CREATE TRIGGER items_audit AFTER INSERT ON items BEGIN INSERT INTO audit VALUES ('t', NEW.label); END");
            c.setAutoCommit(false);
            try (PreparedStatement u = c.prepareStatement("INSERT INTO users VALUES (?, ?, ?, ?)")) {
                String[] names = {"Zoë", "Øystein", "李雷", "Ünal", "plain"};
                for (int i = 0; i < names.length; i++) {
                    u.setInt(1, i + 1);
                    u.setString(2, names[i]);
                    u.setString(3, i == 4 ? null : "u" + i + "@example.org");
                    u.setString(4, i % 2 == 0 ? "" : null);
                    u.addBatch();
                }
                u.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO items (user_id, payload, score, label) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    p.setInt(1, i % 5 + 1);
                    byte[] blob = new byte[64 + i % 200];
                    for (int b = 0; b < blob.length; b++) {
                        blob[b] = (byte) (b * 31 + i);
                    }
                    p.setBytes(2, i % 17 == 0 ? null : blob);
                    p.setDouble(3, i / 7.0);
                    p.setString(4, "ℓabel-" + i);
                    p.addBatch();
                    if (i % 1000 == 999) {
                        p.executeBatch();
                    }
                }
                p.executeBatch();
            }
            c.commit();
        }
    }

    /** @return {@code sqlite3 db .dump}, from the real command-line tool */
    static String dump(Path db) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sqlite3", db.toString(), ".dump").redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("sqlite3 .dump failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** @return the first line of {@code PRAGMA integrity_check} from the real tool */
    static String integrity(Path db) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sqlite3", db.toString(), "PRAGMA integrity_check;").redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(60, TimeUnit.SECONDS);
        return new String(out, StandardCharsets.UTF_8).strip();
    }
}

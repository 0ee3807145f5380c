package io.github.dbsnap.examples;

import io.github.dbsnap.RestoreResult;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.VerifyResult;
import io.github.dbsnap.sqlite.SqliteSourceConfig;
import io.github.dbsnap.sqlite.SqliteSourceFactory;
import io.github.dbsnap.storage.local.LocalStorageConfig;
import io.github.dbsnap.storage.local.LocalStorageProviderFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "The embedded default: a sample SQLite database and the local provider, "
        + "snapshot, damage, restore, verify — printing each step.")
final class DemoCommand extends CliCommand {
    @Option(names = "--dir", description = "Where the demo keeps its database and snapshots (default: ${DEFAULT-VALUE}).",
            defaultValue = "./data/demo")
    Path dir;

    @Option(names = "--rows", description = "Rows of sample audit data (default: ${DEFAULT-VALUE}).", defaultValue = "20000")
    int rows;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = context.out();
        Files.createDirectories(dir);
        Path db = dir.resolve("main.db").toAbsolutePath().normalize();
        Path snapshots = dir.resolve("snapshots").toAbsolutePath().normalize();
        if (!Files.exists(db)) {
            SampleDatabase.create(db, rows);
            out.println("1. created a sample SQLite database " + db);
        } else {
            out.println("1. using the existing sample database " + db);
        }
        out.println("   " + counts(db));

        try (SnapshotService service = SnapshotService.builder()
                .storage(new LocalStorageProviderFactory().create(new LocalStorageConfig(snapshots)))
                .database("main", new SqliteSourceFactory().create(
                        new SqliteSourceConfig("jdbc:sqlite:" + db, null, Duration.ofSeconds(30))))
                .build()) {
            SnapshotInfo snap = service.create("main");
            out.println("2. took a snapshot: " + snap.uri() + " (" + Sizes.human(snap.size()) + ")");
            out.println("   snapshots stored: " + service.list("main").size());

            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM audit");
                st.executeUpdate("UPDATE users SET name = 'oops'");
            }
            out.println("3. damaged the live database: " + counts(db));

            RestoreResult restored = service.restore(snap.key());
            out.println("4. restored it in " + restored.took().toMillis() + " ms: " + counts(db));

            VerifyResult verified = service.verify(snap.key());
            out.println("5. verified the snapshot: " + verified.entries().size() + " data entry, every SHA-256 matches");
            out.println();
            out.println("Open it without dbsnap:");
            out.println("   mkdir -p /tmp/snap && zstd -d < '" + Path.of(snap.uri()) + "' | tar x -C /tmp/snap");
            out.println("   sqlite3 /tmp/snap/main.db 'SELECT count(*) FROM audit'");
        }
        return 0;
    }

    private static String counts(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            return "users=" + count(st, "users") + ", api_keys=" + count(st, "api_keys") + ", audit=" + count(st, "audit")
                    + ", first user=" + first(st);
        }
    }

    private static long count(Statement st, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static String first(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT name FROM users ORDER BY id LIMIT 1")) {
            return rs.next() ? "'" + rs.getString(1) + "'" : "none";
        }
    }

    /** The sample schema: what an anti-bot server keeps. */
    static final class SampleDatabase {
        private SampleDatabase() {
        }

        static void create(Path db, int rows) throws SQLException {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE)");
                st.execute("CREATE TABLE api_keys (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),"
                        + " secret_hash BLOB NOT NULL, created_at TEXT NOT NULL)");
                st.execute("CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user_id INTEGER,"
                        + " action TEXT NOT NULL, detail TEXT)");
                st.execute("CREATE INDEX audit_at ON audit(at)");
                c.setAutoCommit(false);
                String[] names = {"Ada", "Zoë", "Øystein", "李雷", "Grace"};
                try (PreparedStatement u = c.prepareStatement("INSERT INTO users (id, name, email) VALUES (?, ?, ?)");
                     PreparedStatement k = c.prepareStatement("INSERT INTO api_keys (user_id, secret_hash, created_at) VALUES (?, ?, ?)")) {
                    for (int i = 0; i < names.length; i++) {
                        u.setInt(1, i + 1);
                        u.setString(2, names[i]);
                        u.setString(3, "user" + (i + 1) + "@example.org");
                        u.executeUpdate();
                        k.setInt(1, i + 1);
                        k.setBytes(2, new byte[] {(byte) i, 1, 2, 3, (byte) 0xff});
                        k.setString(3, "2026-11-0" + (i + 1) + "T12:00:00Z");
                        k.executeUpdate();
                    }
                }
                try (PreparedStatement a = c.prepareStatement("INSERT INTO audit (at, user_id, action, detail) VALUES (?, ?, ?, ?)")) {
                    for (int i = 0; i < rows; i++) {
                        a.setString(1, "2026-11-26T" + String.format("%02d:%02d:%02d", i / 3600 % 24, i / 60 % 60, i % 60) + "Z");
                        a.setInt(2, i % names.length + 1);
                        a.setString(3, i % 10 == 0 ? "challenge.failed" : "challenge.solved");
                        if (i % 7 == 0) {
                            a.setNull(4, java.sql.Types.VARCHAR);
                        } else {
                            a.setString(4, "score=" + (i % 100) / 100.0);
                        }
                        a.addBatch();
                        if (i % 1000 == 999) {
                            a.executeBatch();
                        }
                    }
                    a.executeBatch();
                }
                c.commit();
            }
        }
    }
}

package io.github.dbsnap.examples;

import io.github.dbsnap.RestoreResult;
import io.github.dbsnap.SnapshotInfo;
import io.github.dbsnap.SnapshotService;
import io.github.dbsnap.sqlite.SqliteSourceConfig;
import io.github.dbsnap.sqlite.SqliteSourceFactory;
import io.github.dbsnap.storage.local.LocalStorageConfig;
import io.github.dbsnap.storage.local.LocalStorageProviderFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Embedding dbsnap without any configuration: a SQLite database snapshotted to a local directory,
 * listed, damaged and restored. Run with an optional working directory (default {@code ./data/embed-local}).
 */
public final class EmbedLocalExample {
    private EmbedLocalExample() {
    }

    /** @param args optional working directory */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "./data/embed-local").toAbsolutePath().normalize();
        Files.createDirectories(dir);
        String url = "jdbc:sqlite:" + dir.resolve("app.db");
        sql(url, "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
        sql(url, "INSERT INTO notes (text) VALUES ('written before the snapshot')");

        // the builder takes provider and source instances directly; the service closes them
        try (SnapshotService service = SnapshotService.builder()
                .storage(new LocalStorageProviderFactory().create(new LocalStorageConfig(dir.resolve("snapshots"))))
                .database("main", new SqliteSourceFactory().create(new SqliteSourceConfig(url, null, Duration.ofSeconds(30))))
                .build()) {
            SnapshotInfo snapshot = service.create("main");
            System.out.println("created  " + snapshot.uri() + " (" + snapshot.size() + " bytes)");
            for (SnapshotInfo s : service.list("main")) {
                System.out.println("listed   " + s.createdAt() + "  " + s.key());
            }

            sql(url, "DELETE FROM notes");
            System.out.println("deleted every note; notes now: " + count(url));

            RestoreResult restored = service.restore(snapshot.key());
            System.out.println("restored in " + restored.took().toMillis() + " ms; notes now: " + count(url));
        }
    }

    private static void sql(String url, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private static long count(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM notes")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}

package io.github.dbsnap.spring;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Context runners with the starter's auto-configurations, and a small SQLite database for them to snapshot. */
final class Runners {
    static final AutoConfigurations DBSNAP = AutoConfigurations.of(DbsnapAutoConfiguration.class,
            DbsnapActuatorAutoConfiguration.class, DbsnapAdminAutoConfiguration.class);

    private Runners() {
    }

    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(DBSNAP);
    }

    /** @return properties for a SQLite main database and local storage, both under {@code dir} */
    static String[] sqliteAndLocal(Path dir) throws SQLException {
        Path db = dir.resolve("main.db");
        createDatabase(db);
        return new String[] {"dbsnap.main.url=jdbc:sqlite:" + db, "dbsnap.storage.local.dir=" + dir.resolve("snapshots")};
    }

    static void createDatabase(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS notes(id INTEGER PRIMARY KEY, body TEXT)");
            s.execute("INSERT INTO notes(body) VALUES ('first'), ('second')");
        }
    }
}

package io.github.dbsnap.sqlite;

import org.sqlite.SQLiteConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/** Opens SQLite connections with the settings dbsnap needs. */
final class SqliteConnections {
    private SqliteConnections() {
    }

    static Connection open(String url, boolean readOnly, Duration busyTimeout) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        if (readOnly) {
            cfg.setReadOnly(true);
        }
        return DriverManager.getConnection(url, cfg.toProperties());
    }
}

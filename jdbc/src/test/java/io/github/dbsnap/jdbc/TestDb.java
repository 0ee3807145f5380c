package io.github.dbsnap.jdbc;

import io.github.dbsnap.spi.DatabaseSource;
import io.github.dbsnap.spi.ProviderConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A private schema (PostgreSQL), database (MariaDB) or file (SQLite) on the real servers of this
 * machine, for one test class; {@link #drop()} removes it.
 */
abstract class TestDb {
    static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test?user=root";

    final String name = "dbsnap_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    /** @return the URL of this private schema or database, for test SQL */
    abstract String url();

    /** Creates the schema or database, dropping an earlier one. */
    abstract void reset() throws SQLException;

    abstract void drop() throws SQLException;

    /** @return settings of a {@code jdbc} source on this database */
    Map<String, String> settings() {
        Map<String, String> m = new HashMap<>();
        m.put("url", url());
        return m;
    }

    DatabaseSource source(String... extra) {
        Map<String, String> m = settings();
        for (int i = 0; i < extra.length; i += 2) {
            m.put(extra[i], extra[i + 1]);
        }
        return new JdbcSourceFactory().create(ProviderConfig.of(m));
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }

    void exec(String... sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /** @return every row of a table ordered by {@code orderBy}, values as the driver's text (bytes as hex) */
    List<String> rows(String table, String orderBy) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY " + orderBy)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    sb.append(i > 1 ? "|" : "").append(v instanceof byte[] b ? "0x" + HexFormat.of().formatHex(b)
                            : v == null ? "<null>" : "[" + rs.getString(i) + "]");
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    long count(String table) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** @param kind {@code postgres}, {@code mariadb} or {@code sqlite} (a file in {@code dir}) */
    static TestDb of(String kind, Path dir) {
        return switch (kind) {
            case "postgres" -> postgres();
            case "mariadb" -> mariadb();
            default -> sqlite(dir);
        };
    }

    static TestDb postgres() {
        return new TestDb() {
            @Override
            String url() {
                return PG_URL + "&currentSchema=" + name;
            }

            @Override
            Map<String, String> settings() {
                Map<String, String> m = new HashMap<>(Map.of("url", PG_URL, "schema", name));
                return m;
            }

            @Override
            void reset() throws SQLException {
                admin(PG_URL, "DROP SCHEMA IF EXISTS " + name + " CASCADE", "CREATE SCHEMA " + name);
            }

            @Override
            void drop() throws SQLException {
                admin(PG_URL, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
            }
        };
    }

    static TestDb mariadb() {
        return new TestDb() {
            @Override
            String url() {
                return MARIADB_URL.replace("/test?", "/" + name + "?");
            }

            @Override
            Map<String, String> settings() {
                return new HashMap<>(Map.of("url", MARIADB_URL, "schema", name));
            }

            @Override
            void reset() throws SQLException {
                admin(MARIADB_URL, "DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name
                        + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            }

            @Override
            void drop() throws SQLException {
                admin(MARIADB_URL, "DROP DATABASE IF EXISTS " + name);
            }
        };
    }

    static TestDb sqlite(Path dir) {
        return new TestDb() {
            final Path file = dir.resolve(name + ".db");

            @Override
            String url() {
                return "jdbc:sqlite:" + file + "?foreign_keys=true";
            }

            @Override
            void reset() throws SQLException {
                drop();
            }

            @Override
            void drop() throws SQLException {
                try {
                    Files.deleteIfExists(file);
                } catch (java.io.IOException e) {
                    throw new SQLException(e);
                }
            }
        };
    }

    private static void admin(String url, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }
}

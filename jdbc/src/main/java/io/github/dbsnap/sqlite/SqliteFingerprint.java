package io.github.dbsnap.sqlite;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What identifies a SQLite database's content cheaply, read in one read transaction: its page count,
 * page size and free pages, its user version and application id, a SHA-256 of its schema (every
 * object's type, name, table, root page and SQL) and the row count of every ordinary table. The
 * backup API copies pages one for one, so a copy that took effect has the same fingerprint as its
 * source, and one that did not keeps the old database's.
 */
record SqliteFingerprint(long pageCount, long pageSize, long freePages, long userVersion, long applicationId,
                         String schema, Map<String, Long> rows) {
    SqliteFingerprint {
        rows = Map.copyOf(rows);
    }

    static SqliteFingerprint read(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false); // one read transaction: every number below describes the same state
        try (Statement st = c.createStatement()) {
            long pages = number(st, "PRAGMA page_count");
            MessageDigest sha = sha256();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master ORDER BY type, name")) {
                while (rs.next()) {
                    for (int i = 1; i <= 5; i++) {
                        sha.update(String.valueOf(rs.getString(i)).getBytes(StandardCharsets.UTF_8));
                        sha.update((byte) 0);
                    }
                    String sql = rs.getString(5);
                    if ("table".equals(rs.getString(1)) && (sql == null || !sql.regionMatches(true, 0, "CREATE VIRTUAL", 0, 14))) {
                        tables.add(rs.getString(2));
                    }
                }
            }
            Map<String, Long> rows = new TreeMap<>();
            for (String t : tables) {
                rows.put(t, number(st, "SELECT count(*) FROM \"" + t.replace("\"", "\"\"") + "\""));
            }
            return new SqliteFingerprint(pages, number(st, "PRAGMA page_size"), number(st, "PRAGMA freelist_count"),
                    number(st, "PRAGMA user_version"), number(st, "PRAGMA application_id"), HexFormat.of().formatHex(sha.digest()), rows);
        } finally {
            c.rollback();
            c.setAutoCommit(auto);
        }
    }

    /** @return the first difference between this (what was expected) and {@code actual}, for a message */
    String difference(SqliteFingerprint actual) {
        if (pageCount != actual.pageCount || pageSize != actual.pageSize) {
            return pageCount + " pages of " + pageSize + " bytes expected, found " + actual.pageCount + " of " + actual.pageSize;
        }
        if (!schema.equals(actual.schema)) {
            return "the schema differs";
        }
        for (Map.Entry<String, Long> e : rows.entrySet()) {
            Long got = actual.rows.get(e.getKey());
            if (!Objects.equals(e.getValue(), got)) {
                return "table '" + e.getKey() + "' has " + got + " rows, expected " + e.getValue();
            }
        }
        return "free pages, user_version or application_id differ";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static long number(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}

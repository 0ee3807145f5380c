package io.github.dbsnap.jdbc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Locale;

/**
 * SQLite: a read transaction held from the first read, values by storage class, kinds from the
 * declared type (SQLite's affinity rules), dates stored as canonical text, deferred foreign keys.
 */
final class SqliteTableDialect extends Dialect {

    @Override
    String name() {
        return "sqlite";
    }

    @Override
    void beginSnapshot(Connection c) throws SQLException {
        c.setAutoCommit(false);
        // a deferred BEGIN takes its snapshot (the shared lock, or the WAL read mark) at the first read
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master")) {
            rs.next();
        }
    }

    @Override
    String currentSchema(Connection c) {
        return null;
    }

    @Override
    String metaSchema(String schema) {
        return null;
    }

    @Override
    String table(String schema, String table) {
        return quote(table);
    }

    @Override
    ValueKind kind(JDBCType type, String typeName) {
        String t = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
        if (t.contains("BOOL")) {
            return ValueKind.BOOLEAN;
        }
        if (t.contains("INT")) {
            return ValueKind.INTEGER;
        }
        if (t.contains("TIMESTAMPTZ") || t.contains("WITH TIME ZONE")) {
            return ValueKind.TIMESTAMPTZ;
        }
        if (t.contains("DATETIME") || t.contains("TIMESTAMP")) {
            return ValueKind.TIMESTAMP;
        }
        if (t.equals("DATE")) {
            return ValueKind.DATE;
        }
        if (t.equals("TIME")) {
            return ValueKind.TIME;
        }
        if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) {
            return ValueKind.TEXT;
        }
        if (t.contains("BLOB") || t.contains("BINARY") || t.contains("BYTEA")) {
            return ValueKind.BINARY;
        }
        if (t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB")) {
            return ValueKind.DOUBLE;
        }
        if (t.contains("DEC") || t.contains("NUMERIC")) {
            return ValueKind.DECIMAL;
        }
        return t.isEmpty() ? ValueKind.OTHER : ValueKind.TEXT;
    }

    @Override
    String encode(ResultSet rs, int i, ValueKind kind) throws SQLException {
        // SQLite types values, not columns: encode by what is actually stored
        Object v = rs.getObject(i);
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return ValueText.hex(b);
        }
        if (v instanceof Double d) {
            return kind == ValueKind.DECIMAL ? BigDecimal.valueOf(d).toPlainString() : Double.toString(d);
        }
        if (v instanceof Number n) {
            return switch (kind) {
                case BOOLEAN -> ValueText.bool(n.longValue() != 0);
                case TIMESTAMPTZ -> ValueText.instant(Instant.ofEpochMilli(n.longValue()));
                case TIMESTAMP -> ValueText.instant(Instant.ofEpochMilli(n.longValue())).replace("Z", "");
                default -> n.toString();
            };
        }
        String s = v.toString();
        return kind == ValueKind.BOOLEAN && isBool(s) ? ValueText.bool(ValueText.parseBool(s)) : s;
    }

    private static boolean isBool(String s) {
        try {
            ValueText.parseBool(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    void bind(PreparedStatement ps, int i, String text, ValueKind target, ValueKind source, int sqlType)
            throws SQLException {
        if (text == null) {
            ps.setNull(i, sqlType);
            return;
        }
        switch (target) {
            case BOOLEAN -> ps.setInt(i, ValueText.parseBool(text) ? 1 : 0);
            case INTEGER -> bindInteger(ps, i, text);
            case REAL, DOUBLE -> ps.setDouble(i, Double.parseDouble(text.trim()));
            case BINARY -> ps.setBytes(i, bytes(text, source));
            case TIMESTAMPTZ -> ps.setString(i, ValueText.instant(ValueText.parseOffset(text).toInstant()));
            case TIMESTAMP -> ps.setString(i, ValueText.local(ValueText.parseLocal(text)));
            case DATE -> ps.setString(i, ValueText.parseDate(text).toString());
            // decimals stay text: NUMERIC affinity stores them as numbers when that is lossless
            default -> ps.setString(i, text);
        }
    }

    @Override
    void deferConstraints(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA defer_foreign_keys = ON");
        }
    }

    // moveCounter: nothing to move; SQLite keeps sqlite_sequence at least at the largest key inserted,
    // inside the restore transaction
}

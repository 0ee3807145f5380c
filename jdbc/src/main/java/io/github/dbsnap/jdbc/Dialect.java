package io.github.dbsnap.jdbc;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What differs between databases: consistent reads, identifier quoting, streaming, value
 * conversion, constraint handling during a load and identity counters. The defaults follow standard
 * SQL and JDBC; subclasses override what their database does differently.
 */
abstract class Dialect {

    /** @return the dialect name written into {@code schema.json} */
    abstract String name();

    /** Adds driver connection properties; settings in the JDBC URL take precedence over them. */
    void connectionProperties(java.util.Properties p) {
    }

    /** Sets session options before anything else (time zone). */
    void prepareSession(Connection c) throws SQLException {
    }

    /** Opens the single consistent read transaction of a dump; autocommit is off afterwards. */
    abstract void beginSnapshot(Connection c) throws SQLException;

    /** @return the schema dumped when none is configured */
    abstract String currentSchema(Connection c) throws SQLException;

    /** @return the catalog argument for {@link java.sql.DatabaseMetaData} lookups in a schema */
    String metaCatalog(String schema) {
        return null;
    }

    /** @return the schema argument (not a pattern) for {@link java.sql.DatabaseMetaData} lookups */
    String metaSchema(String schema) {
        return schema;
    }

    String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    String table(String schema, String table) {
        return schema == null ? quote(table) : quote(schema) + '.' + quote(table);
    }

    /** @return whether the table is dumped through the database's bulk export ({@link CopyDumper}) */
    boolean copiesOut(TableDef table) {
        return false;
    }

    /** @return how restores load tables: the database's bulk load, or {@code inserts} (batched INSERTs) */
    Loader loader(TableLoader inserts, JdbcSourceConfig config) {
        return inserts;
    }

    /** Makes a query stream rows instead of loading the whole result. */
    void stream(Statement st, int fetchSize) throws SQLException {
        st.setFetchSize(fetchSize);
    }

    /** @return the value kind of a column as this database reports it */
    ValueKind kind(JDBCType type, String typeName) {
        return ValueKind.of(type, typeName);
    }

    /** @return the canonical CSV text of one value, null for SQL NULL */
    String encode(ResultSet rs, int i, ValueKind kind) throws SQLException {
        switch (kind) {
            case BOOLEAN -> {
                boolean b = rs.getBoolean(i);
                return rs.wasNull() ? null : ValueText.bool(b);
            }
            case DECIMAL -> {
                String s = rs.getString(i);
                return s == null ? null : ValueText.decimal(s);
            }
            case REAL -> {
                float f = rs.getFloat(i);
                return rs.wasNull() ? null : Float.toString(f);
            }
            case DOUBLE -> {
                double d = rs.getDouble(i);
                return rs.wasNull() ? null : Double.toString(d);
            }
            case DATE -> {
                LocalDate d = rs.getObject(i, LocalDate.class);
                return d == null ? null : d.toString();
            }
            case TIME -> {
                LocalTime t = rs.getObject(i, LocalTime.class);
                return t == null ? null : ValueText.time(t);
            }
            case TIMESTAMP -> {
                LocalDateTime t = rs.getObject(i, LocalDateTime.class);
                return t == null ? null : ValueText.local(t);
            }
            case TIMESTAMPTZ -> {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                return t == null ? null : ValueText.instant(t.toInstant());
            }
            case BINARY -> {
                byte[] b = rs.getBytes(i);
                return b == null ? null : ValueText.hex(b);
            }
            default -> {
                return rs.getString(i);
            }
        }
    }

    /**
     * Binds CSV text to a parameter of the target column's kind.
     *
     * @param text   the field, null for SQL NULL
     * @param target the target column's kind
     * @param source the kind the value was dumped as (binary is hex only when it was binary)
     * @param sqlType the target column's {@link Types} code, for NULL
     */
    void bind(PreparedStatement ps, int i, String text, ValueKind target, ValueKind source, int sqlType)
            throws SQLException {
        if (text == null) {
            ps.setNull(i, sqlType);
            return;
        }
        switch (target) {
            case BOOLEAN -> ps.setBoolean(i, ValueText.parseBool(text));
            case INTEGER -> bindInteger(ps, i, text);
            case DECIMAL -> ps.setBigDecimal(i, new BigDecimal(text.trim()));
            case REAL, DOUBLE -> ps.setDouble(i, Double.parseDouble(text.trim()));
            case DATE -> ps.setObject(i, ValueText.parseDate(text));
            case TIME -> ps.setObject(i, ValueText.parseTime(text));
            case TIMESTAMP -> ps.setObject(i, ValueText.parseLocal(text));
            case TIMESTAMPTZ -> ps.setObject(i, ValueText.parseOffset(text));
            case BINARY -> ps.setBytes(i, bytes(text, source));
            case OTHER -> bindOther(ps, i, text);
            default -> ps.setString(i, text);
        }
    }

    static void bindInteger(PreparedStatement ps, int i, String text) throws SQLException {
        if (ValueText.isBoolWord(text)) {
            ps.setInt(i, ValueText.parseBool(text) ? 1 : 0);
            return;
        }
        try {
            ps.setLong(i, Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            ps.setBigDecimal(i, new BigDecimal(text.trim()));
        }
    }

    static byte[] bytes(String text, ValueKind source) {
        return source == ValueKind.BINARY ? ValueText.unhex(text) : text.getBytes(StandardCharsets.UTF_8);
    }

    /** Binds a value of a type without a portable JDBC mapping (uuid, json, enum…). */
    void bindOther(PreparedStatement ps, int i, String text) throws SQLException {
        ps.setString(i, text);
    }

    /**
     * @return the restored tables whose storage engine cannot roll back, as {@code name (ENGINE)};
     *         empty where every table is transactional (PostgreSQL, SQLite)
     */
    List<String> nonTransactionalTables(Connection c, String schema, java.util.Collection<TableDef> tables)
            throws SQLException {
        return List.of();
    }

    /** Relaxes foreign-key checks for the load inside the restore transaction, as far as the database allows. */
    abstract void deferConstraints(Connection c) throws SQLException;

    /** Undoes {@link #deferConstraints} after the transaction ended. */
    void restoreConstraints(Connection c) throws SQLException {
    }

    /**
     * Moves sequences, identity and auto-increment counters past the restored keys, never backwards:
     * {@link #moveCounter} for every auto-increment column. Runs after the restore committed, with
     * autocommit on.
     */
    final void moveCounters(Connection c, String schema, List<TableDef> tables) throws SQLException {
        for (TableDef t : tables) {
            for (ColumnDef col : t.columns()) {
                if (col.autoIncrement()) {
                    moveCounter(c, schema, t, col);
                }
            }
        }
    }

    /** Moves the counter of one auto-increment column past its largest restored value. Default: nothing to move. */
    void moveCounter(Connection c, String schema, TableDef t, ColumnDef col) throws SQLException {
    }
}

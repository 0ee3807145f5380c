package io.github.dbsnap.jdbc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * MySQL and MariaDB: consistent-snapshot transaction, streamed results, foreign-key checks off for
 * the load, AUTO_INCREMENT moved after commit. The session time zone is UTC, so {@code TIMESTAMP}
 * columns (instants) read and write in UTC; date-times travel as text to avoid driver time-zone shifts.
 */
final class MysqlDialect extends Dialect {
    private static final Logger log = LoggerFactory.getLogger(MysqlDialect.class);
    private final boolean mariadbUrl;

    /** @param mariadbUrl whether the URL is {@code jdbc:mariadb:} (its driver streams with a positive fetch size) */
    MysqlDialect(boolean mariadbUrl) {
        this.mariadbUrl = mariadbUrl;
    }

    @Override
    String name() {
        return "mysql";
    }

    /** Lets restores send {@code LOAD DATA LOCAL INFILE} from a stream; the URL may turn it off again. */
    @Override
    void connectionProperties(java.util.Properties p) {
        p.setProperty(mariadbUrl ? "allowLocalInfile" : "allowLoadLocalInfile", "true");
    }

    @Override
    Loader loader(TableLoader inserts, JdbcSourceConfig config) {
        return new LoadDataLoader(this, inserts, config.skipMissing(), config.maxRowSize());
    }

    @Override
    void prepareSession(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+00:00'");
        }
    }

    @Override
    void beginSnapshot(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        }
    }

    @Override
    String currentSchema(Connection c) throws SQLException {
        return c.getCatalog();
    }

    @Override
    String metaCatalog(String schema) {
        return schema;
    }

    @Override
    String metaSchema(String schema) {
        return null;
    }

    @Override
    String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    void stream(Statement st, int fetchSize) throws SQLException {
        // MySQL Connector/J streams only with Integer.MIN_VALUE; MariaDB Connector/J 3 streams with any fetch size
        st.setFetchSize(mariadbUrl ? fetchSize : Integer.MIN_VALUE);
    }

    @Override
    ValueKind kind(JDBCType type, String typeName) {
        String tn = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
        if (tn.startsWith("TIMESTAMP")) {
            return ValueKind.TIMESTAMPTZ;
        }
        if (tn.startsWith("TINYINT(1)") || tn.equals("BOOLEAN") || tn.equals("BOOL")) {
            return ValueKind.BOOLEAN;
        }
        return super.kind(type, typeName);
    }

    @Override
    String encode(ResultSet rs, int i, ValueKind kind) throws SQLException {
        if (kind == ValueKind.TIMESTAMP || kind == ValueKind.TIMESTAMPTZ) {
            String s = rs.getString(i);
            if (s == null) {
                return null;
            }
            String local = BulkText.canonicalLocal(s, s.length()); // without a parse: 2 M values cost seconds otherwise
            if (local == null) {
                local = ValueText.local(ValueText.parseLocal(s));
            }
            return kind == ValueKind.TIMESTAMP ? local : local + 'Z';
        }
        return super.encode(rs, i, kind);
    }

    @Override
    void bind(PreparedStatement ps, int i, String text, ValueKind target, ValueKind source, int sqlType)
            throws SQLException {
        if (text != null && (target == ValueKind.TIMESTAMP || target == ValueKind.TIMESTAMPTZ)) {
            ps.setString(i, ValueText.sqlTimestamp(ValueText.parseLocal(text)));
        } else if (text != null && target == ValueKind.DATE) {
            ps.setString(i, ValueText.parseDate(text).toString());
        } else {
            super.bind(ps, i, text, target, source, sqlType);
        }
    }

    /** An engine counts as transactional only when information_schema.ENGINES says {@code TRANSACTIONS = 'YES'}. */
    @Override
    List<String> nonTransactionalTables(Connection c, String schema, java.util.Collection<TableDef> tables)
            throws SQLException {
        java.util.Set<String> names = new java.util.HashSet<>();
        tables.forEach(t -> names.add(t.name()));
        List<String> found = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.TABLE_NAME, t.ENGINE FROM information_schema.TABLES t "
                + "LEFT JOIN information_schema.ENGINES e ON e.ENGINE = t.ENGINE WHERE t.TABLE_SCHEMA = ? "
                + "AND t.TABLE_TYPE = 'BASE TABLE' AND (e.TRANSACTIONS IS NULL OR e.TRANSACTIONS <> 'YES') "
                + "ORDER BY t.TABLE_NAME")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (names.contains(rs.getString(1))) {
                        found.add(rs.getString(1) + " (" + rs.getString(2) + ")");
                    }
                }
            }
        }
        return found;
    }

    @Override
    void deferConstraints(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET FOREIGN_KEY_CHECKS = 0");
        }
    }

    @Override
    void restoreConstraints(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET FOREIGN_KEY_CHECKS = 1");
        }
    }

    @Override
    void moveCounter(Connection c, String schema, TableDef t, ColumnDef col) throws SQLException {
        // ALTER TABLE commits implicitly, so this runs only after the restore committed
        long max;
        long current = 0;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT max(" + quote(col.name()) + ") FROM " + table(schema, t.name()))) {
            rs.next();
            max = rs.getLong(1);
            if (rs.wasNull()) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, schema);
            ps.setString(2, t.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    current = rs.getLong(1);
                }
            }
        }
        if (current <= max) {
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE " + table(schema, t.name()) + " AUTO_INCREMENT = " + (max + 1));
            }
            log.debug("AUTO_INCREMENT of {} moved to {}", t.name(), max + 1);
        }
    }
}

package io.github.dbsnap.jdbc;

import io.github.dbsnap.DatabaseSourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads a CSV entry into a MySQL/MariaDB table with {@code LOAD DATA LOCAL INFILE}, fed from the
 * entry's stream through a {@link CsvRewriter} (LOAD DATA's tab-separated text; binary columns as hex
 * through {@code UNHEX}). {@code LOCAL} turns data errors and duplicate keys into warnings, so any
 * warning fails the load. When the server or the driver refuses local files, this and every later
 * table of the restore fall back to {@code inserts}, logged once. One instance serves one restore.
 */
final class LoadDataLoader implements Loader {
    private static final Logger log = LoggerFactory.getLogger(LoadDataLoader.class);
    private final Dialect dialect;
    private final TableLoader inserts;
    private final boolean skipMissing;
    private final int maxRowSize;
    private boolean refused;

    LoadDataLoader(Dialect dialect, TableLoader inserts, boolean skipMissing, int maxRowSize) {
        this.dialect = dialect;
        this.inserts = inserts;
        this.skipMissing = skipMissing;
        this.maxRowSize = maxRowSize;
    }

    @Override
    public long load(Connection c, String schema, TableDef source, TableDef target, InputStream csv)
            throws SQLException, IOException {
        InputStream in = new BufferedInputStream(csv, 64 * 1024);
        byte[] headerLine = LoadPlan.headerBytes(in, source, maxRowSize);
        if (refused) {
            return inserts.load(c, schema, source, target, new SequenceInputStream(new ByteArrayInputStream(headerLine), in));
        }
        LoadPlan plan = LoadPlan.of(LoadPlan.readHeader(headerLine, source, maxRowSize), source, target, skipMissing);
        if (plan.to().isEmpty()) {
            return 0; // the core drains and checksums the rest of the entry
        }
        CsvRewriter.Fix[] fixes = plan.fixes(BulkText::mysqlLoadFix);
        List<String> targets = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        for (int p = 0; p < plan.to().size(); p++) {
            ColumnDef to = plan.to().get(p);
            if (to.kind() == ValueKind.BINARY) {
                targets.add("@dbsnap_" + p);
                sets.add(dialect.quote(to.name()) + " = UNHEX(@dbsnap_" + p + ")");
            } else {
                targets.add(dialect.quote(to.name()));
            }
        }
        String sql = "LOAD DATA LOCAL INFILE 'dbsnap.tsv' INTO TABLE " + dialect.table(schema, target.name())
                + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ("
                + String.join(", ", targets) + ")" + (sets.isEmpty() ? "" : " SET " + String.join(", ", sets));
        RewritingInputStream rows = new RewritingInputStream(in, sink -> new CsvRewriter(fixes, CsvRewriter.Format.MYSQL,
                sink, maxRowSize, source.name(), plan.header(), "loading"));
        long loaded;
        try (Statement st = c.createStatement(); StallWatch watch = StallWatch.start(c, rows, target.name())) {
            localInfile(st, rows);
            loaded = st.executeUpdate(sql);
        } catch (SQLException e) {
            if (!rows.started() && refusesLocalFiles(e)) {
                refused = true;
                log.warn("The server or driver refuses LOAD DATA LOCAL INFILE (server local_infile=OFF, or the driver's "
                        + "allowLocalInfile/allowLoadLocalInfile=false); restoring with batched INSERTs instead, which is slower");
                return inserts.load(c, schema, source, target, new SequenceInputStream(new ByteArrayInputStream(headerLine), in));
            }
            throw new DatabaseSourceException("loading table '" + target.name() + "' failed: " + e.getMessage(), e);
        }
        checkWarnings(c, target.name(), loaded, rows.rewriter().rows());
        return loaded;
    }

    private static void localInfile(Statement st, InputStream rows) throws SQLException {
        try {
            st.getClass().getMethod("setLocalInfileInputStream", InputStream.class).invoke(st, rows);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new SQLException("the driver's Statement has no setLocalInfileInputStream (MariaDB Connector/J or "
                    + "MySQL Connector/J is needed for LOAD DATA LOCAL)", "0A000", e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof SQLException s ? s : new SQLException(e.getCause());
        }
    }

    /** ER_NOT_ALLOWED_COMMAND (1148), MySQL 8's ER_CLIENT_LOCAL_FILES_DISABLED (3948), or the driver's own refusal. */
    static boolean refusesLocalFiles(SQLException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return e.getErrorCode() == 1148 || e.getErrorCode() == 3948 || m.contains("local infile")
                || m.contains("local data is disabled") || m.contains("allowlocalinfile") || m.contains("allowloadlocalinfile");
    }

    /** LOAD DATA LOCAL reports bad values and duplicate keys as warnings (the rows are skipped): each fails the load. */
    private static void checkWarnings(Connection c, String table, long loaded, long sent) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW WARNINGS LIMIT 1")) {
            while (rs.next()) {
                if (!"Note".equalsIgnoreCase(rs.getString(1))) {
                    String message = rs.getString(3);
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile(" at row (\\d+)$").matcher(message);
                    String where = m.find() ? " at row " + m.group(1) : "";
                    // the value itself is not echoed: it may be personal data (a duplicate key's value is kept: it names the row)
                    throw new DatabaseSourceException("loading table '" + table + "' failed" + where + ": "
                            + message.replaceFirst(" at row \\d+$", "").replaceFirst(" value: '.*' for column", " value for column")
                            + " (MySQL error " + rs.getInt(2) + ")");
                }
            }
        }
        if (loaded != sent) {
            throw new DatabaseSourceException("loading table '" + table + "' failed: " + sent + " rows sent, " + loaded
                    + " loaded");
        }
    }
}

package io.github.dbsnap.jdbc;

import io.github.dbsnap.DatabaseSourceException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a CSV entry into a PostgreSQL table with {@code COPY … FROM STDIN (FORMAT csv)}: the entry's
 * bytes stream to the server through a {@link CsvRewriter} that only touches fields whose text the
 * target reads differently (bytea hex, converted kinds) and drops skipped columns.
 */
final class CopyLoader implements Loader {
    private static final Pattern WHERE = Pattern.compile("COPY [^\\n]*?, line (\\d+)(?:, column ([^:\\n]+))?");
    private final Dialect dialect;
    private final boolean skipMissing;
    private final int maxRowSize;

    CopyLoader(Dialect dialect, boolean skipMissing, int maxRowSize) {
        this.dialect = dialect;
        this.skipMissing = skipMissing;
        this.maxRowSize = maxRowSize;
    }

    @Override
    public long load(Connection c, String schema, TableDef source, TableDef target, InputStream csv)
            throws SQLException, IOException {
        InputStream in = new BufferedInputStream(csv, 64 * 1024);
        LoadPlan plan = LoadPlan.of(LoadPlan.readHeader(LoadPlan.headerBytes(in, source, maxRowSize), source,
                maxRowSize), source, target, skipMissing);
        if (plan.to().isEmpty()) {
            return 0; // the core drains and checksums the rest of the entry
        }
        boolean single = plan.to().size() == 1;
        CsvRewriter.Fix[] fixes = plan.fixes((from, to) -> {
            CsvRewriter.Fix f = BulkText.pgLoadFix(from, to);
            // a lone \. would end COPY's data: a single column is re-encoded, which quotes it
            return f == null && single ? CsvRewriter.SAME : f;
        });
        String sql = "COPY " + dialect.table(schema, target.name()) + " (" + plan.columnList(dialect)
                + ") FROM STDIN WITH (FORMAT csv)";
        RewritingInputStream rows = new RewritingInputStream(in, sink -> new CsvRewriter(fixes, CsvRewriter.Format.CSV,
                sink, maxRowSize, source.name(), plan.header(), "loading"));
        try (StallWatch watch = StallWatch.start(c, rows, target.name())) {
            PgCopy.copyIn(c, sql, rows);
        } catch (SQLException e) {
            throw failure(target.name(), e);
        }
        return rows.rewriter().rows();
    }

    /**
     * @return the server's error naming table, row (COPY's line; there is no header line) and column;
     *         a data error's echo of the value is left out, as it may be personal data
     */
    static DatabaseSourceException failure(String table, SQLException e) {
        String text = e.getMessage() == null ? e.toString() : e.getMessage();
        Matcher m = WHERE.matcher(text);
        String where = m.find() ? " at row " + m.group(1) + (m.group(2) == null ? "" : ", column '" + m.group(2) + "'") : "";
        String first = text.lines().findFirst().orElse(text).replaceFirst("^ERROR: ", "");
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("22")) {
            first = first.replaceFirst(": \".*$", "") + " (SQLState " + state + ")";
        }
        return new DatabaseSourceException("loading table '" + table + "' failed" + where + ": " + first, e);
    }
}

package io.github.dbsnap.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Dumps a PostgreSQL table with {@code COPY (SELECT …) TO STDOUT (FORMAT csv)}: the SELECT makes the
 * server write booleans and bytea in canonical form, and a {@link CsvRewriter} fixes, in the same
 * streaming pass that turns LF into CRLF, what only Java writes the canonical way (floats,
 * date-time fractions). The output is byte for byte what {@link TableDumper} writes.
 */
final class CopyDumper {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CopyDumper.class);
    private final Dialect dialect;
    private final int maxRowSize;

    CopyDumper(Dialect dialect, int maxRowSize) {
        this.dialect = dialect;
        this.maxRowSize = maxRowSize;
    }

    /** @return whether every column of the table has a COPY form this dumper makes canonical */
    static boolean copies(TableDef table) {
        return !table.columns().isEmpty() && table.columns().stream().allMatch(BulkText::pgCopies);
    }

    /** Sets the session time zone to UTC for the rest of the dump transaction: timestamptz is written in UTC. */
    static void prepare(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL TIME ZONE 'UTC'");
        }
    }

    /** @return the number of rows written */
    long dump(Connection c, String schema, TableDef table, PartWriter out) throws SQLException, IOException {
        List<ColumnDef> cols = table.columns();
        String sql = "COPY (SELECT " + cols.stream().map(col -> BulkText.pgSelect(dialect, col)).collect(Collectors.joining(", "))
                + " FROM " + dialect.table(schema, table.name())
                + (table.primaryKey().isEmpty() ? "" : " ORDER BY "
                + table.primaryKey().stream().map(dialect::quote).collect(Collectors.joining(", ")))
                + ") TO STDOUT WITH (FORMAT csv)";
        String[] names = cols.stream().map(ColumnDef::name).toArray(String[]::new);
        CsvRewriter.Fix[] fixes = cols.stream().map(BulkText::pgDumpFix).toArray(CsvRewriter.Fix[]::new);
        long started = System.nanoTime();
        return out.write(table.entry(), entry -> {
            CsvWriter header = new CsvWriter(entry);
            header.writeRow(names);
            header.flush();
            CsvRewriter rw = new CsvRewriter(fixes, CsvRewriter.Format.CSV, entry, maxRowSize, table.name(), names,
                    "dumping");
            PgCopy.copyOut(c, sql, rw.asOutputStream());
            rw.finish();
            log.debug("Table {}: {} rows through COPY into the part spools in {} ms", table.name(), rw.rows(),
                    (System.nanoTime() - started) / 1_000_000);
            return rw.rows();
        });
    }
}

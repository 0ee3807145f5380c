package io.github.dbsnap.jdbc;

import io.github.dbsnap.DatabaseSourceException;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Loads one CSV entry into a target table with batched prepared INSERTs, converting each field to the
 * column's type. A batch ends after {@code batchSize} rows or once it holds {@code maxRowSize}
 * characters, so big values never pile up in the driver.
 */
final class TableLoader implements Loader {
    private final Dialect dialect;
    private final int batchSize;
    private final boolean skipMissing;
    private final int maxRowSize;

    TableLoader(Dialect dialect, int batchSize, boolean skipMissing, int maxRowSize) {
        this.dialect = dialect;
        this.batchSize = batchSize;
        this.skipMissing = skipMissing;
        this.maxRowSize = maxRowSize;
    }

    /**
     * @param source the table as dumped
     * @param target the table in the target database
     * @return rows inserted
     */
    @Override
    public long load(Connection c, String schema, TableDef source, TableDef target, InputStream csv)
            throws SQLException, IOException {
        CsvReader reader = new CsvReader(csv, maxRowSize);
        String[] header = next(reader, source, null);
        if (header == null) {
            throw new IOException("entry " + source.entry() + " has no header row");
        }
        LoadPlan plan = LoadPlan.of(header, source, target, skipMissing);
        List<Integer> fieldIndex = plan.fields();
        List<ColumnDef> from = plan.from();
        List<ColumnDef> to = plan.to();
        if (to.isEmpty()) {
            return 0; // the core drains and checksums the rest of the entry
        }
        String sql = "INSERT INTO " + dialect.table(schema, target.name()) + " ("
                + plan.columnList(dialect) + ") VALUES ("
                + to.stream().map(col -> "?").collect(Collectors.joining(", ")) + ")";
        long rows = 0;
        int pending = 0;
        long pendingChars = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (String[] rec = next(reader, source, header); rec != null; rec = next(reader, source, header)) {
                if (rec.length != header.length) {
                    throw new IOException("entry " + source.entry() + ": record " + reader.recordNumber() + " has "
                            + rec.length + " fields, the header " + header.length);
                }
                for (int p = 0; p < to.size(); p++) {
                    String text = rec[fieldIndex.get(p)];
                    pendingChars += text == null ? 0 : text.length();
                    bind(ps, p, text, from.get(p), to.get(p), source, rows);
                }
                ps.addBatch();
                rows++;
                if (++pending == batchSize || pendingChars >= maxRowSize) {
                    execute(ps, target, rows);
                    pending = 0;
                    pendingChars = 0;
                }
            }
            if (pending > 0) {
                execute(ps, target, rows);
            }
        }
        return rows;
    }

    /** @return the next record; a record over the limit fails naming table, row and column */
    private String[] next(CsvReader reader, TableDef source, String[] header) throws IOException {
        try {
            return reader.next();
        } catch (CsvReader.RowTooLong e) {
            String where = header == null ? "the header row"
                    : "row " + (e.record - 1) + ", column '" + (e.field < header.length ? header[e.field] : "#" + (e.field + 1)) + "'";
            throw new DatabaseSourceException("table '" + source.name() + "' (entry " + source.entry() + "), " + where
                    + ": the row is longer than max-row-size (" + maxRowSize + " characters); nothing was changed. "
                    + "If the snapshot is genuine, raise max-row-size and the heap with it (about 6 bytes per character)",
                    e);
        }
    }

    private void bind(PreparedStatement ps, int p, String text, ColumnDef from, ColumnDef to, TableDef table, long row)
            throws SQLException {
        try {
            dialect.bind(ps, p + 1, text, to.kind(), from.kind(), sqlType(to));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            // the value itself is not echoed: it may be personal data
            throw new DatabaseSourceException("table '" + table.name() + "', row " + (row + 1) + ", column '"
                    + to.name() + "': the value cannot be converted to " + to.typeName() + " (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }

    private static int sqlType(ColumnDef col) {
        try {
            return java.sql.JDBCType.valueOf(col.jdbcType()).getVendorTypeNumber();
        } catch (IllegalArgumentException | NullPointerException e) {
            return java.sql.Types.OTHER;
        }
    }

    private static void execute(PreparedStatement ps, TableDef target, long rows) throws SQLException {
        try {
            ps.executeBatch();
        } catch (SQLException e) {
            SQLException root = e.getNextException() != null ? e.getNextException() : e;
            throw new DatabaseSourceException("loading table '" + target.name() + "' failed in the batch ending at row "
                    + rows + ": " + root.getMessage(), e);
        }
    }
}

package io.github.dbsnap.jdbc;

import io.github.dbsnap.DatabaseSourceException;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Loads one CSV entry into a target table with batched prepared INSERTs, converting each field to the column's type. */
final class TableLoader {
    private final Dialect dialect;
    private final int batchSize;
    private final boolean skipMissing;

    TableLoader(Dialect dialect, int batchSize, boolean skipMissing) {
        this.dialect = dialect;
        this.batchSize = batchSize;
        this.skipMissing = skipMissing;
    }

    /**
     * @param source the table as dumped
     * @param target the table in the target database
     * @return rows inserted
     */
    long load(Connection c, String schema, TableDef source, TableDef target, InputStream csv)
            throws SQLException, IOException {
        CsvReader reader = new CsvReader(csv);
        String[] header = reader.next();
        if (header == null) {
            throw new IOException("entry " + source.entry() + " has no header row");
        }
        List<Integer> fieldIndex = new ArrayList<>();
        List<ColumnDef> from = new ArrayList<>();
        List<ColumnDef> to = new ArrayList<>();
        for (int i = 0; i < header.length; i++) {
            String name = header[i];
            var targetCol = target.column(name);
            if (targetCol.isEmpty()) {
                if (skipMissing) {
                    continue;
                }
                throw new DatabaseSourceException("column '" + name + "' of table '" + source.name()
                        + "' does not exist in the target");
            }
            fieldIndex.add(i);
            from.add(source.column(name).orElse(targetCol.get()));
            to.add(targetCol.get());
        }
        if (to.isEmpty()) {
            return 0; // the core drains and checksums the rest of the entry
        }
        String sql = "INSERT INTO " + dialect.table(schema, target.name()) + " ("
                + to.stream().map(col -> dialect.quote(col.name())).collect(Collectors.joining(", ")) + ") VALUES ("
                + to.stream().map(col -> "?").collect(Collectors.joining(", ")) + ")";
        long rows = 0;
        int pending = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (String[] rec = reader.next(); rec != null; rec = reader.next()) {
                if (rec.length != header.length) {
                    throw new IOException("entry " + source.entry() + ": record " + reader.recordNumber() + " has "
                            + rec.length + " fields, the header " + header.length);
                }
                for (int p = 0; p < to.size(); p++) {
                    bind(ps, p, rec[fieldIndex.get(p)], from.get(p), to.get(p), source, rows);
                }
                ps.addBatch();
                rows++;
                if (++pending == batchSize) {
                    execute(ps, target, rows);
                    pending = 0;
                }
            }
            if (pending > 0) {
                execute(ps, target, rows);
            }
        }
        return rows;
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

package io.github.dbsnap.jdbc;

import io.github.dbsnap.DatabaseSourceException;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Streams one table into a CSV entry through a {@link PartWriter}: rows are read on its producer thread
 * into bounded part spools while the archive writes the parts already full; rows never accumulate in memory.
 */
final class TableDumper {
    private final Dialect dialect;
    private final int fetchSize;
    private final int maxRowSize;
    private final boolean bulk;

    /** @param maxRowSize the longest row a restore will read back; a longer one fails the dump, never the restore */
    TableDumper(Dialect dialect, int fetchSize, int maxRowSize) {
        this(dialect, fetchSize, maxRowSize, true);
    }

    /** @param bulk whether tables the dialect can bulk-export go that way (false: row by row through JDBC) */
    TableDumper(Dialect dialect, int fetchSize, int maxRowSize, boolean bulk) {
        this.dialect = dialect;
        this.fetchSize = fetchSize;
        this.maxRowSize = maxRowSize;
        this.bulk = bulk;
    }

    /** @return the number of rows written */
    long dump(Connection c, String schema, TableDef table, PartWriter out) throws SQLException, IOException {
        if (bulk && dialect.copiesOut(table)) {
            return new CopyDumper(dialect, maxRowSize).dump(c, schema, table, out);
        }
        List<ColumnDef> cols = table.columns();
        String sql = "SELECT " + cols.stream().map(col -> dialect.quote(col.name())).collect(Collectors.joining(", "))
                + " FROM " + dialect.table(schema, table.name())
                + (table.primaryKey().isEmpty() ? "" : " ORDER BY "
                + table.primaryKey().stream().map(dialect::quote).collect(Collectors.joining(", ")));
        return out.write(table.entry(), entry -> rows(c, table, sql, entry));
    }

    private long rows(Connection c, TableDef table, String sql, OutputStream entry) throws SQLException, IOException {
        List<ColumnDef> cols = table.columns();
        long rows = 0;
        try (Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            dialect.stream(st, fetchSize);
            try (ResultSet rs = st.executeQuery(sql); CsvWriter csv = new CsvWriter(entry)) {
                String[] fields = new String[cols.size()];
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = cols.get(i).name();
                }
                csv.writeRow(fields);
                while (rs.next()) {
                    long chars = 0;
                    for (int i = 0; i < fields.length; i++) {
                        fields[i] = dialect.encode(rs, i + 1, cols.get(i).kind());
                        chars += fields[i] == null ? 0 : fields[i].length();
                        if (chars > maxRowSize) {
                            throw new DatabaseSourceException("table '" + table.name() + "', row " + (rows + 1)
                                    + ", column '" + cols.get(i).name() + "': the row is longer than "
                                    + "max-row-size (" + maxRowSize + " characters of CSV text; binary values count twice, "
                                    + "as hex), so it could not be restored; raise max-row-size (and the heap) to snapshot it");
                        }
                    }
                    csv.writeRow(fields);
                    rows++;
                }
            }
        }
        return rows;
    }
}

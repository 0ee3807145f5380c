package io.github.dbsnap.jdbc;

import io.github.dbsnap.DatabaseSourceException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Which CSV fields of an entry go into which target columns: the entry's header matched against the
 * target table (exactly, then ignoring case); with skip-missing, fields the target lacks are dropped.
 *
 * @param header the entry's header row
 * @param fields index of the header field feeding each loaded column
 * @param from   each loaded column as dumped
 * @param to     each loaded column in the target
 */
record LoadPlan(String[] header, List<Integer> fields, List<ColumnDef> from, List<ColumnDef> to) {

    static LoadPlan of(String[] header, TableDef source, TableDef target, boolean skipMissing) {
        List<Integer> fields = new ArrayList<>();
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
            fields.add(i);
            from.add(source.column(name).orElse(targetCol.get()));
            to.add(targetCol.get());
        }
        return new LoadPlan(header, List.copyOf(fields), List.copyOf(from), List.copyOf(to));
    }

    /**
     * @param fix the conversion of a loaded column (as dumped, in the target), null for none
     * @return the rewriter's per-field actions: the fix of each loaded column, {@link CsvRewriter#DROP} elsewhere
     */
    CsvRewriter.Fix[] fixes(FixFor fix) {
        CsvRewriter.Fix[] fixes = new CsvRewriter.Fix[header.length];
        java.util.Arrays.fill(fixes, CsvRewriter.DROP);
        for (int p = 0; p < to.size(); p++) {
            fixes[fields.get(p)] = fix.of(from.get(p), to.get(p));
        }
        return fixes;
    }

    /** The conversion a bulk path needs from a dumped column to a target column. */
    @FunctionalInterface
    interface FixFor {
        CsvRewriter.Fix of(ColumnDef from, ColumnDef to);
    }

    /** @return the column list of an INSERT or COPY, quoted */
    String columnList(Dialect d) {
        return String.join(", ", to.stream().map(c -> d.quote(c.name())).toList());
    }

    /** @return the fields of a header row read by {@link #headerBytes} */
    static String[] readHeader(byte[] line, TableDef source, int maxRowSize) throws IOException {
        String[] header = new CsvReader(new ByteArrayInputStream(line), maxRowSize).next();
        if (header == null) {
            throw new IOException("entry " + source.entry() + " has no header row");
        }
        return header;
    }

    /** Reads the header row of an entry byte by byte, leaving {@code in} at the first data record. */
    static byte[] headerBytes(InputStream in, TableDef source, int maxRowSize) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean quoted = false;
        for (int b = in.read(); b >= 0; b = in.read()) {
            line.write(b);
            if (b == '"') {
                quoted = !quoted;
            } else if (b == '\n' && !quoted) {
                break;
            }
            if (line.size() > 4L * maxRowSize) {
                throw new DatabaseSourceException("table '" + source.name() + "' (entry " + source.entry()
                        + "), the header row: the row is longer than max-row-size (" + maxRowSize + " characters)");
            }
        }
        return line.toByteArray();
    }
}

package io.github.dbsnap.jdbc;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code schema.json} entry: what was dumped, so that a restore can check the target before
 * changing anything and convert each CSV field back to the target column's type.
 *
 * @param format   {@value #FORMAT}
 * @param dialect  the source database ({@code postgresql}, {@code mysql}, {@code sqlite})
 * @param schema   the schema or database that was dumped
 * @param encoding human-readable notes on the CSV encoding
 * @param tables   tables in foreign-key order (parents first), the order of their entries
 */
record SchemaDoc(String format, String dialect, String schema, Map<String, String> encoding, List<TableDef> tables) {
    /** Format name and version of this layout. */
    static final String FORMAT = "dbsnap-jdbc/1";
    /** Entry name; always the first entry of a {@code jdbc} snapshot. */
    static final String ENTRY = "schema.json";
    static final Map<String, String> ENCODING = Map.of(
            "csv", "RFC 4180, UTF-8, CRLF, header row of column names",
            "null", "unquoted empty field; the empty string is written as \"\"",
            "binary", "lowercase hex, two digits per byte",
            "timestamptz", "ISO-8601 instant in UTC, e.g. 2024-05-01T10:15:30.123456Z",
            "timestamp", "ISO-8601 local date-time, e.g. 2024-05-01T10:15:30",
            "decimal", "exact plain decimal text",
            "boolean", "true or false");

    SchemaDoc {
        encoding = encoding == null ? Map.of() : Map.copyOf(encoding);
        tables = List.copyOf(tables);
    }

    /** @return the table with this name, compared exactly first and then ignoring case */
    Optional<TableDef> table(String tableName) {
        return find(tables, tableName);
    }

    static Optional<TableDef> find(List<TableDef> tables, String tableName) {
        return tables.stream().filter(t -> t.name().equals(tableName)).findFirst()
                .or(() -> tables.stream().filter(t -> t.name().equalsIgnoreCase(tableName)).findFirst());
    }
}

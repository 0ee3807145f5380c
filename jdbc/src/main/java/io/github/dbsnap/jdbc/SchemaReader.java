package io.github.dbsnap.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Describes the tables of one schema through {@link DatabaseMetaData}. */
final class SchemaReader {
    private final Dialect dialect;

    SchemaReader(Dialect dialect) {
        this.dialect = dialect;
    }

    /** @return the selected base tables of the schema, sorted by name */
    List<TableDef> read(Connection c, String schema, Predicate<String> selected) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String catalog = dialect.metaCatalog(schema);
        String schem = dialect.metaSchema(schema);
        List<String> names = new ArrayList<>();
        try (ResultSet rs = md.getTables(catalog, escape(md, schem), "%", null)) {
            while (rs.next()) {
                String type = rs.getString("TABLE_TYPE");
                String name = rs.getString("TABLE_NAME");
                boolean base = type != null && (type.equalsIgnoreCase("TABLE") || type.equalsIgnoreCase("BASE TABLE"));
                if (base && !name.toLowerCase(Locale.ROOT).startsWith("sqlite_") && selected.test(name)) {
                    names.add(name);
                }
            }
        }
        names.sort(null);
        List<TableDef> tables = new ArrayList<>();
        for (String name : names) {
            tables.add(new TableDef(name, entryName(name), columns(md, catalog, schem, name),
                    primaryKey(md, catalog, schem, name), foreignKeys(md, catalog, schem, name)));
        }
        return tables;
    }

    private List<ColumnDef> columns(DatabaseMetaData md, String catalog, String schem, String table) throws SQLException {
        List<ColumnDef> cols = new ArrayList<>();
        try (ResultSet rs = md.getColumns(catalog, escape(md, schem), escape(md, table), "%")) {
            while (rs.next()) {
                if (!table.equals(rs.getString("TABLE_NAME"))) {
                    continue;
                }
                var type = ValueKind.jdbcType(rs.getInt("DATA_TYPE"));
                String typeName = rs.getString("TYPE_NAME");
                cols.add(new ColumnDef(rs.getString("COLUMN_NAME"), dialect.kind(type, typeName), type.getName(),
                        typeName, rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls,
                        "YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT"))));
            }
        }
        return cols;
    }

    private static List<String> primaryKey(DatabaseMetaData md, String catalog, String schem, String table)
            throws SQLException {
        Map<Integer, String> byPosition = new TreeMap<>();
        try (ResultSet rs = md.getPrimaryKeys(catalog, schem, table)) {
            while (rs.next()) {
                byPosition.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        return List.copyOf(byPosition.values());
    }

    private static List<ForeignKeyDef> foreignKeys(DatabaseMetaData md, String catalog, String schem, String table)
            throws SQLException {
        // rows come ordered by parent table and KEY_SEQ, so two keys to one parent interleave: group by name
        Map<String, TreeMap<Integer, String[]>> keys = new LinkedHashMap<>();
        Map<String, String[]> heads = new LinkedHashMap<>();
        int unnamed = 0;
        try (ResultSet rs = md.getImportedKeys(catalog, schem, table)) {
            while (rs.next()) {
                String name = rs.getString("FK_NAME");
                int seq = rs.getInt("KEY_SEQ");
                String parent = rs.getString("PKTABLE_NAME");
                if (name == null || name.isEmpty()) {
                    unnamed += seq == 1 ? 1 : 0;
                    name = "\u0000" + parent + "#" + unnamed;
                }
                heads.putIfAbsent(name, new String[] {parent});
                keys.computeIfAbsent(name, k -> new TreeMap<>())
                        .put(seq, new String[] {rs.getString("FKCOLUMN_NAME"), rs.getString("PKCOLUMN_NAME")});
            }
        }
        List<ForeignKeyDef> fks = new ArrayList<>();
        keys.forEach((name, cols) -> fks.add(new ForeignKeyDef(name.startsWith("\u0000") ? null : name,
                cols.values().stream().map(p -> p[0]).toList(), heads.get(name)[0],
                cols.values().stream().map(p -> p[1]).toList())));
        return fks;
    }

    /** @return a search pattern matching exactly this name */
    private static String escape(DatabaseMetaData md, String name) throws SQLException {
        if (name == null) {
            return null;
        }
        String esc = md.getSearchStringEscape();
        if (esc == null || esc.isEmpty()) {
            return name;
        }
        return name.replace(esc, esc + esc).replace("_", esc + "_").replace("%", esc + "%");
    }

    /** @return a tar-safe entry name for a table: {@code tables/<name>.csv}, odd characters percent-encoded */
    static String entryName(String table) {
        StringBuilder sb = new StringBuilder("tables/");
        for (byte b : table.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char ch = (char) (b & 0xff);
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'
                    || (ch == '.' && sb.length() > 7)) {
                sb.append(ch);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.append(".csv").toString();
    }
}

package io.github.dbsnap.jdbc;

import java.util.List;

/**
 * A foreign key as recorded in {@code schema.json}.
 *
 * @param name              constraint name, may be null (SQLite)
 * @param columns           referencing columns, in key order
 * @param referencedTable   the parent table
 * @param referencedColumns the parent's columns, in key order
 */
record ForeignKeyDef(String name, List<String> columns, String referencedTable, List<String> referencedColumns) {
    ForeignKeyDef {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
    }
}

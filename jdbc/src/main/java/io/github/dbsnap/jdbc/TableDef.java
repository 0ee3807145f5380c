package io.github.dbsnap.jdbc;

import java.util.List;
import java.util.Optional;

/**
 * A table as recorded in {@code schema.json}.
 *
 * @param name        table name
 * @param entry       archive entry holding its rows, e.g. {@code tables/users.csv}
 * @param columns     columns in table order; the CSV has the same columns in the same order
 * @param primaryKey  primary key columns in key order, empty when there is none
 * @param foreignKeys foreign keys of this table
 */
record TableDef(String name, String entry, List<ColumnDef> columns, List<String> primaryKey,
                List<ForeignKeyDef> foreignKeys) {
    TableDef {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        foreignKeys = List.copyOf(foreignKeys);
    }

    /** @return the column with this name, compared exactly first and then ignoring case */
    Optional<ColumnDef> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst()
                .or(() -> columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst());
    }
}

package io.github.dbsnap.jdbc;

import java.util.Objects;

/**
 * One column as recorded in {@code schema.json}.
 *
 * @param name          column name
 * @param kind          how its values are encoded in the CSV
 * @param jdbcType      {@link java.sql.JDBCType} name reported by the driver
 * @param typeName      the database's own type name ({@code int4}, {@code VARCHAR}, {@code timestamptz})
 * @param nullable      whether NULL is allowed
 * @param autoIncrement whether the database fills it from a sequence, identity or auto-increment counter
 */
record ColumnDef(String name, ValueKind kind, String jdbcType, String typeName, boolean nullable,
                 boolean autoIncrement) {
    ColumnDef {
        Objects.requireNonNull(name, "name");
        kind = kind == null ? ValueKind.OTHER : kind;
    }
}

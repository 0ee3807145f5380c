package io.github.dbsnap.jdbc;

import java.sql.JDBCType;
import java.util.Locale;

/** How a column's values are written to and read from CSV text; recorded per column in {@code schema.json}. */
enum ValueKind {
    /** {@code true} / {@code false}. */
    BOOLEAN,
    /** Decimal integer digits. */
    INTEGER,
    /** Exact decimal text, never in exponent form ({@code BigDecimal.toPlainString}). */
    DECIMAL,
    /** A 4-byte float, shortest text that reads back to the same value. */
    REAL,
    /** An 8-byte float, shortest text that reads back to the same value. */
    DOUBLE,
    /** {@code yyyy-MM-dd}. */
    DATE,
    /** {@code HH:mm:ss[.fraction]}. */
    TIME,
    /** Local date-time {@code yyyy-MM-ddTHH:mm:ss[.fraction]}, no offset. */
    TIMESTAMP,
    /** An instant, {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, normalised to UTC. */
    TIMESTAMPTZ,
    /** Bytes as lowercase hex, two digits per byte, no prefix. */
    BINARY,
    /** Character data as it is. */
    TEXT,
    /** Anything else (uuid, json, arrays, enums…): the driver's text form. */
    OTHER;

    /** @return the kind of a column from its JDBC type and database type name */
    static ValueKind of(JDBCType type, String typeName) {
        String tn = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        if (tn.equals("timestamptz") || tn.contains("with time zone")) {
            return tn.startsWith("time") && !tn.startsWith("timestamp") ? TIME : TIMESTAMPTZ;
        }
        return switch (type) {
            case BIT, BOOLEAN -> BOOLEAN;
            case TINYINT, SMALLINT, INTEGER, BIGINT -> INTEGER;
            case DECIMAL, NUMERIC -> DECIMAL;
            case REAL -> REAL;
            case FLOAT, DOUBLE -> DOUBLE;
            case DATE -> DATE;
            case TIME, TIME_WITH_TIMEZONE -> TIME;
            case TIMESTAMP -> TIMESTAMP;
            case TIMESTAMP_WITH_TIMEZONE -> TIMESTAMPTZ;
            case BINARY, VARBINARY, LONGVARBINARY, BLOB -> BINARY;
            case CHAR, VARCHAR, LONGVARCHAR, NCHAR, NVARCHAR, LONGNVARCHAR, CLOB, NCLOB -> TEXT;
            default -> OTHER;
        };
    }

    /** @return the JDBC type for a vendor type code, {@link JDBCType#OTHER} when unknown */
    static JDBCType jdbcType(int code) {
        try {
            return JDBCType.valueOf(code);
        } catch (IllegalArgumentException e) {
            return JDBCType.OTHER;
        }
    }
}

package io.github.dbsnap.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The per-column conversions of the bulk paths, between dbsnap's canonical CSV text and the text
 * forms of PostgreSQL's {@code COPY} and MySQL's {@code LOAD DATA}. A null {@link CsvRewriter.Fix}
 * means the bytes pass unchanged. Canonical date-times take a fast path of character checks; anything
 * else goes through {@link ValueText}'s lenient parsing.
 */
final class BulkText {
    /** PostgreSQL types whose COPY text, after {@link #pgSelect} and {@link #pgDumpFix}, is the canonical form. */
    private static final Set<String> PG_COPIED = Set.of("bool", "int2", "int4", "int8", "serial", "bigserial",
            "smallserial", "numeric", "float4", "float8", "date", "time", "timestamp", "timestamptz", "bytea", "text",
            "varchar", "bpchar", "char", "name");

    private BulkText() {
    }

    /** @return whether COPY reproduces the canonical text of the column (else the table goes through JDBC) */
    static boolean pgCopies(ColumnDef col) {
        String tn = col.typeName() == null ? "" : col.typeName();
        return col.kind() == ValueKind.OTHER || PG_COPIED.contains(tn);
    }

    /** @return the SELECT expression whose COPY text is (or, with {@link #pgDumpFix}, becomes) canonical */
    static String pgSelect(Dialect d, ColumnDef col) {
        String q = d.quote(col.name());
        return switch (col.kind()) {
            case BOOLEAN -> q + "::text";
            case BINARY -> "encode(" + q + ", 'hex')";
            default -> q;
        };
    }

    /** @return the conversion of a COPY field (session time zone UTC) to canonical text, or null */
    static CsvRewriter.Fix pgDumpFix(ColumnDef col) {
        return switch (col.kind()) {
            case REAL -> v -> Float.toString(Float.parseFloat(v));
            case DOUBLE -> v -> Double.toString(Double.parseDouble(v));
            case TIME -> BulkText::isoTime;
            case TIMESTAMP -> v -> isoLocal(v, 0);
            case TIMESTAMPTZ -> v -> {
                if (!v.endsWith("+00")) {
                    throw new IllegalArgumentException("not a UTC timestamp");
                }
                return isoLocal(v, 3) + 'Z';
            };
            default -> null;
        };
    }

    /** @return the conversion of canonical text of kind {@code from} to COPY input for a column of kind {@code to}, or null */
    static CsvRewriter.Fix pgLoadFix(ColumnDef from, ColumnDef to) {
        ValueKind s = from.kind();
        return switch (to.kind()) {
            case BINARY -> s == ValueKind.BINARY ? v -> "\\x" + v : v -> "\\x" + ValueText.hex(v.getBytes(StandardCharsets.UTF_8));
            case INTEGER -> s == ValueKind.INTEGER ? null : BulkText::integer;
            case DATE -> s == ValueKind.DATE ? null : v -> ValueText.parseDate(v).toString();
            case TIME -> s == ValueKind.TIME ? null : v -> ValueText.time(ValueText.parseTime(v));
            case TIMESTAMP -> s == ValueKind.TIMESTAMP ? null : v -> ValueText.local(ValueText.parseLocal(v));
            case TIMESTAMPTZ -> s == ValueKind.TIMESTAMPTZ ? null : v -> ValueText.instant(ValueText.parseOffset(v).toInstant());
            default -> null;
        };
    }

    /**
     * @return the conversion of canonical text of kind {@code from} to LOAD DATA input for a column of
     *         kind {@code to}, or null; binary columns travel as hex and are decoded by {@code UNHEX}
     */
    static CsvRewriter.Fix mysqlLoadFix(ColumnDef from, ColumnDef to) {
        ValueKind s = from.kind();
        return switch (to.kind()) {
            case BINARY -> s == ValueKind.BINARY ? null : v -> ValueText.hex(v.getBytes(StandardCharsets.UTF_8));
            case BOOLEAN -> v -> ValueText.parseBool(v) ? "1" : "0";
            case INTEGER -> s == ValueKind.INTEGER ? null : BulkText::integer;
            case DATE -> s == ValueKind.DATE ? null : v -> ValueText.parseDate(v).toString();
            case TIMESTAMP, TIMESTAMPTZ -> BulkText::sqlTimestamp;
            default -> null;
        };
    }

    private static String integer(String v) {
        return ValueText.isBoolWord(v) ? (ValueText.parseBool(v) ? "1" : "0") : v.trim();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…][Z]} to {@code yyyy-MM-dd HH:mm:ss[.f…]}; other shapes through {@link ValueText}. */
    static String sqlTimestamp(String v) {
        int n = v.endsWith("Z") ? v.length() - 1 : v.length();
        if (n >= 19 && v.charAt(10) == 'T' && dateTimeShape(v, 0) && fraction(v, 19, n) >= 0) {
            return v.substring(0, 10) + ' ' + v.substring(11, n);
        }
        return ValueText.sqlTimestamp(ValueText.parseLocal(v));
    }

    /** PostgreSQL's {@code yyyy-MM-dd HH:mm:ss[.f…]} (minus {@code cut} trailing characters) to canonical text. */
    private static String isoLocal(String v, int cut) {
        int n = v.length() - cut;
        int digits = n >= 19 && v.charAt(10) == ' ' && dateTimeShape(v, 0) ? fraction(v, 19, n) : -1;
        if (digits < 0) {
            throw new IllegalArgumentException("no portable form (infinity, BC, or a year after 9999)");
        }
        StringBuilder b = new StringBuilder(30).append(v, 0, 10).append('T').append(v, 11, n);
        return pad(b, digits).toString();
    }

    private static String isoTime(String v) {
        int digits = v.length() >= 8 && timeShape(v, 0) ? fraction(v, 8, v.length()) : -1;
        if (digits < 0) {
            throw new IllegalArgumentException("no portable form (24:00:00)");
        }
        return pad(new StringBuilder(18).append(v), digits).toString();
    }

    /** Pads a fraction to 3, 6 or 9 digits, as {@link java.time.format.DateTimeFormatter#ISO_INSTANT} prints it. */
    private static StringBuilder pad(StringBuilder b, int digits) {
        int to = digits == 0 ? 0 : digits <= 3 ? 3 : digits <= 6 ? 6 : 9;
        for (int i = digits; i < to; i++) {
            b.append('0');
        }
        return b;
    }

    private static boolean dateTimeShape(String v, int at) {
        return digits(v, at, 4) && v.charAt(at + 4) == '-' && digits(v, at + 5, 2) && v.charAt(at + 7) == '-'
                && digits(v, at + 8, 2) && timeShape(v, at + 11) && !v.startsWith("0000", at);
    }

    private static boolean timeShape(String v, int at) {
        return digits(v, at, 2) && v.charAt(at + 2) == ':' && digits(v, at + 3, 2) && v.charAt(at + 5) == ':'
                && digits(v, at + 6, 2) && !v.startsWith("24", at);
    }

    /** @return the number of fraction digits from {@code at} to {@code end} (0 when none), -1 when not a fraction */
    private static int fraction(String v, int at, int end) {
        if (at == end) {
            return 0;
        }
        if (v.charAt(at) != '.' || end - at < 2 || end - at > 10 || !digits(v, at + 1, end - at - 1)) {
            return -1;
        }
        return end - at - 1;
    }

    private static boolean digits(String v, int at, int n) {
        for (int i = at; i < at + n; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}

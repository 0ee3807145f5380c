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
            case REAL, DOUBLE -> BulkText::javaFloat;
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

    /**
     * PostgreSQL's shortest float text ({@code 142.85714285714286}, {@code 1e+300}, {@code -1.5e-07},
     * {@code Infinity}) laid out as Java's {@code Double.toString}/{@code Float.toString} lay out the
     * same digits ({@code 1.0E300}, {@code -1.5E-7}); decimal between 10^-3 and 10^7, else
     * computerized scientific. Textual, so no parse and print per value: a third of the dump's CPU
     * otherwise. Anything unexpected goes through parse and print.
     */
    static String javaFloat(String v) {
        int n = v.length();
        int i = 0;
        boolean negative = n > 0 && v.charAt(0) == '-';
        if (negative) {
            i++;
        }
        StringBuilder digits = new StringBuilder(24);
        int point = -1;
        int exp = 0;
        for (; i < n; i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '.' && point < 0) {
                point = digits.length();
            } else if (c == 'e' && i + 1 < n) {
                try {
                    exp = Integer.parseInt(v, i + 1 + (v.charAt(i + 1) == '+' ? 1 : 0), n, 10);
                } catch (NumberFormatException e) {
                    return Double.toString(Double.parseDouble(v));
                }
                break;
            } else {
                return Double.toString(Double.parseDouble(v)); // NaN, Infinity, -Infinity: the same text
            }
        }
        if (digits.length() == 0) {
            throw new NumberFormatException("not a number");
        }
        // value = 0.<digits> x 10^(pointPos), after dropping leading zeros
        int pointPos = (point < 0 ? digits.length() : point) + exp;
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
            pointPos--;
        }
        int end = digits.length();
        while (end > lead + 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        String d = digits.substring(lead, end);
        StringBuilder out = new StringBuilder(26);
        if (negative) {
            out.append('-');
        }
        if (d.equals("0")) {
            return out.append("0.0").toString();
        }
        int sci = pointPos - 1; // value = d[0].d[1..] x 10^sci
        if (sci >= -3 && sci < 7) {
            if (pointPos <= 0) {
                out.append("0.");
                for (int k = pointPos; k < 0; k++) {
                    out.append('0');
                }
                out.append(d);
            } else if (pointPos >= d.length()) {
                out.append(d);
                for (int k = d.length(); k < pointPos; k++) {
                    out.append('0');
                }
                out.append(".0");
            } else {
                out.append(d, 0, pointPos).append('.').append(d, pointPos, d.length());
            }
        } else {
            out.append(d.charAt(0)).append('.').append(d.length() > 1 ? d.substring(1) : "0").append('E').append(sci);
        }
        return out.toString();
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
        String s = canonicalLocal(v, v.length() - cut);
        if (s == null) {
            throw new IllegalArgumentException("no portable form (infinity, BC, or a year after 9999)");
        }
        return s;
    }

    /**
     * @return {@code yyyy-MM-dd HH:mm:ss[.f…]} or {@code yyyy-MM-ddTHH:mm:ss[.f…]} (the first {@code n}
     *         characters of {@code v}) as canonical text, the fraction as {@link ValueText#local} writes it;
     *         null for any other shape
     */
    static String canonicalLocal(String v, int n) {
        int digits = n >= 19 && (v.charAt(10) == ' ' || v.charAt(10) == 'T') && dateTimeShape(v, 0) ? fraction(v, 19, n) : -1;
        if (digits < 0) {
            return null;
        }
        while (digits > 0 && v.charAt(19 + digits) == '0') {
            digits--;
        }
        StringBuilder b = new StringBuilder(30).append(v, 0, 10).append('T').append(v, 11, digits == 0 ? 19 : 20 + digits);
        return pad(b, digits).toString();
    }

    private static String isoTime(String v) {
        int digits = v.length() >= 8 && timeShape(v, 0) ? fraction(v, 8, v.length()) : -1;
        if (digits < 0) {
            throw new IllegalArgumentException("no portable form (24:00:00)");
        }
        while (digits > 0 && v.charAt(8 + digits) == '0') {
            digits--;
        }
        return pad(new StringBuilder(18).append(v, 0, digits == 0 ? 8 : 9 + digits), digits).toString();
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

package io.github.dbsnap.jdbc;

import io.github.dbsnap.DatabaseSourceException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;

/**
 * Rewrites RFC 4180 CSV data records (no header) in one streaming pass over their bytes, never building
 * a record: a field passes through as bytes, is dropped, or is decoded and converted by a {@link Fix}.
 * The output is CSV with CRLF line ends ({@link Format#CSV}; PostgreSQL's {@code COPY … (FORMAT csv)}
 * reads it too) or MySQL's {@code LOAD DATA} text ({@link Format#MYSQL}: tab-separated, backslash
 * escapes, {@code \N} for NULL). It counts records, so every error names the row, and the characters of
 * each record, so no record over {@code max-row-size} passes; only a converted field is held in memory.
 * Not thread-safe.
 */
final class CsvRewriter {
    /** Converts one field's text (never null); returns null for SQL NULL. */
    @FunctionalInterface
    interface Fix {
        String apply(String value);
    }

    /** Drops the field. */
    static final Fix DROP = v -> v;
    /** Decodes and re-encodes the field unchanged (PostgreSQL needs a lone {@code \.} quoted). */
    static final Fix SAME = v -> v;

    enum Format { CSV, MYSQL }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] MYSQL_NULL = {'\\', 'N'};
    private final Fix[] fixes;
    private final Format format;
    private final OutputStream sink;
    private final int maxRowSize;
    private final String table;
    private final String[] names;
    private final String action;
    private final byte[] out = new byte[64 * 1024];
    private int outLen;
    private byte[] field = new byte[128];
    private int fieldLen;

    private int col;
    private boolean quoted;
    private boolean inQuotes;
    private boolean quoteSeen;
    private boolean afterQuote;
    private long fieldBytes;
    private long rowChars;
    private int outFields;
    private long row = 1;

    /**
     * @param fixes   per input column: null passes it, {@link #DROP} drops it, anything else converts it
     * @param names   the input columns' names, for messages
     * @param action  what the rewrite serves, for messages ("dumping", "loading")
     */
    CsvRewriter(Fix[] fixes, Format format, OutputStream sink, int maxRowSize, String table, String[] names,
                String action) {
        this.fixes = fixes.clone();
        this.format = format;
        this.sink = sink;
        this.maxRowSize = maxRowSize;
        this.table = table;
        this.names = names.clone();
        this.action = action;
        this.outFields = fixes[0] == DROP ? 0 : 1; // what startField() does for the first field, which has no separator
    }

    /** @return the data records completed so far */
    long rows() {
        return row - 1;
    }

    /** Rewrites the next bytes of the input; records may span calls. */
    void feed(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (inQuotes) {
                if (quoteSeen) {
                    quoteSeen = false;
                    if (b[i] == '"') {
                        content(b, i, i + 1);
                        i++;
                    } else {
                        inQuotes = false;
                        afterQuote = true;
                    }
                    continue;
                }
                int j = i;
                while (j < end && b[j] != '"') {
                    j++;
                }
                content(b, i, j);
                if (j < end) {
                    quoteSeen = true;
                    j++;
                }
                i = j;
                continue;
            }
            byte c = b[i];
            if (c == ',') {
                endField();
                if (++col >= fixes.length) {
                    throw malformed("has more fields than the " + fixes.length + " columns", null);
                }
                startField();
                i++;
            } else if (c == '\n') {
                endRecord();
                i++;
            } else if (c == '\r') {
                i++;
            } else if (afterQuote) {
                throw malformed("has text after a closing quote", null);
            } else if (c == '"') {
                if (fieldBytes > 0) {
                    throw malformed("has a quote inside an unquoted field", null);
                }
                quoted = true;
                inQuotes = true;
                openQuote();
                i++;
            } else {
                int j = i + 1;
                while (j < end) {
                    byte d = b[j];
                    if (d == ',' || d == '\n' || d == '\r' || d == '"') {
                        break;
                    }
                    j++;
                }
                content(b, i, j);
                i = j;
            }
        }
    }

    /** Ends the input: completes a last record without a line end, then flushes (the sink stays open). */
    void finish() throws IOException {
        if (inQuotes && !quoteSeen) {
            throw malformed("ends inside a quoted field", null);
        }
        inQuotes = false;
        if (col > 0 || fieldBytes > 0 || quoted) {
            endRecord();
        }
        flush();
    }

    /** @return this rewriter as a stream: writing feeds it, closing finishes it (the sink stays open) */
    OutputStream asOutputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                feed(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                feed(b, off, len);
            }

            @Override
            public void close() throws IOException {
                finish();
            }
        };
    }

    private void startField() throws IOException {
        Fix f = fixes[col];
        if (f != DROP && outFields++ > 0) {
            put(format == Format.CSV ? (byte) ',' : (byte) '\t');
        }
    }

    private void openQuote() throws IOException {
        if (fixes[col] == null && format == Format.CSV) {
            put((byte) '"');
        }
    }

    private void content(byte[] b, int from, int to) throws IOException {
        int n = to - from;
        fieldBytes += n;
        int cont = 0;
        int four = 0;
        for (int k = from; k < to; k++) {
            int u = b[k] & 0xFF;
            cont += (u & 0xC0) == 0x80 ? 1 : 0;
            four += u >= 0xF0 ? 1 : 0;
        }
        rowChars += n - cont + four;
        if (rowChars > maxRowSize) {
            throw new DatabaseSourceException(where() + ": the row is longer than max-row-size (" + maxRowSize
                    + " characters of CSV text); raise max-row-size (and the heap with it, about 6 bytes per character)");
        }
        Fix f = fixes[col];
        if (f == null) {
            if (format == Format.CSV) {
                if (n == 1 && b[from] == '"') {
                    put((byte) '"');
                }
                put(b, from, n);
            } else {
                escape(b, from, to);
            }
        } else if (f != DROP) {
            if (fieldLen + n > field.length) {
                field = java.util.Arrays.copyOf(field, Math.max(fieldLen + n, field.length * 2));
            }
            System.arraycopy(b, from, field, fieldLen, n);
            fieldLen += n;
        }
    }

    private void endField() throws IOException {
        Fix f = fixes[col];
        if (f == null) {
            if (format == Format.CSV && quoted) {
                put((byte) '"');
            } else if (format == Format.MYSQL && !quoted && fieldBytes == 0) {
                put(MYSQL_NULL, 0, 2);
            }
        } else if (f != DROP) {
            String value = !quoted && fieldLen == 0 ? null : new String(field, 0, fieldLen, StandardCharsets.UTF_8);
            String converted;
            try {
                converted = value == null ? null : f.apply(value);
            } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
                // the value itself is not echoed: it may be personal data
                throw new DatabaseSourceException(where() + ": the value cannot be converted ("
                        + e.getClass().getSimpleName() + ")", e);
            }
            encode(converted);
            fieldLen = 0;
            if (field.length > 64 * 1024) {
                field = new byte[128];
            }
        }
        quoted = false;
        afterQuote = false;
        fieldBytes = 0;
    }

    private void endRecord() throws IOException {
        endField();
        if (col != fixes.length - 1) {
            throw malformed("has " + (col + 1) + " fields, the table " + fixes.length, null);
        }
        if (format == Format.CSV) {
            put(CRLF, 0, 2);
        } else {
            put((byte) '\n');
        }
        row++;
        col = 0;
        rowChars = 0;
        outFields = 0;
        startField();
    }

    private void encode(String value) throws IOException {
        if (format == Format.MYSQL) {
            if (value == null) {
                put(MYSQL_NULL, 0, 2);
            } else {
                byte[] b = value.getBytes(StandardCharsets.UTF_8);
                escape(b, 0, b.length);
            }
            return;
        }
        if (value == null) {
            return;
        }
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        if (!CsvWriter.needsQuotes(value) && !value.equals("\\.")) {
            put(b, 0, b.length);
            return;
        }
        put((byte) '"');
        for (byte x : b) {
            if (x == '"') {
                put((byte) '"');
            }
            put(x);
        }
        put((byte) '"');
    }

    /** LOAD DATA's default escapes: backslash, tab, LF, CR and NUL. */
    private void escape(byte[] b, int from, int to) throws IOException {
        int run = from;
        for (int k = from; k < to; k++) {
            byte x = b[k];
            byte e = switch (x) {
                case '\\' -> '\\';
                case '\t' -> 't';
                case '\n' -> 'n';
                case '\r' -> 'r';
                case 0 -> '0';
                default -> -1;
            };
            if (e >= 0) {
                put(b, run, k - run);
                put((byte) '\\');
                put(e);
                run = k + 1;
            }
        }
        put(b, run, to - run);
    }

    private String where() {
        return "table '" + table + "', row " + row + ", column '" + names[col] + "'";
    }

    private DatabaseSourceException malformed(String what, Exception cause) {
        return new DatabaseSourceException(action + " table '" + table + "' failed: row " + row + " " + what
                + " (malformed CSV)", cause);
    }

    private void put(byte b) throws IOException {
        if (outLen == out.length) {
            flush();
        }
        out[outLen++] = b;
    }

    private void put(byte[] b, int off, int len) throws IOException {
        if (len > out.length - outLen) {
            flush();
            if (len > out.length) {
                sink.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, out, outLen, len);
        outLen += len;
    }

    private void flush() throws IOException {
        if (outLen > 0) {
            sink.write(out, 0, outLen);
            outLen = 0;
        }
    }
}

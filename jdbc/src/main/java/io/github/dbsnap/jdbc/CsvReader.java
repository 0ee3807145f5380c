package io.github.dbsnap.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams records from RFC 4180 CSV in UTF-8 (CRLF or LF line ends) as written by {@link CsvWriter}:
 * an unquoted empty field reads as {@code null}, a quoted one as a string. Holds one record at a time,
 * of at most {@code maxRow} characters (all its fields together), so a hostile field cannot run the
 * heap out: it grows only as characters actually arrive, and stops at the limit with {@link RowTooLong}.
 * Does not close the stream it reads.
 */
final class CsvReader {
    private static final int EOF = -1;
    private final Reader in;
    private final int maxRow;
    private final char[] buf = new char[64 * 1024];
    private int pos;
    private int len;
    private long record;
    private int rowChars;
    private int field;

    /** @param maxRow the most characters a record may hold, fields together (separators and quotes not counted) */
    CsvReader(InputStream in, int maxRow) {
        this.in = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        this.maxRow = maxRow;
    }

    /** A record longer than the limit; says which record and which field (0-based) reached it. */
    static final class RowTooLong extends IOException {
        private static final long serialVersionUID = 1L;
        final long record;
        final int field;

        RowTooLong(long record, int field, int limit) {
            super("record " + record + " is longer than " + limit + " characters at field " + (field + 1));
            this.record = record;
            this.field = field;
        }
    }

    /** @return the number of records read so far, header included */
    long recordNumber() {
        return record;
    }

    /**
     * @return the next record, or null at the end of the data
     * @throws IOException when the CSV is malformed (an unterminated or stray quote)
     */
    String[] next() throws IOException {
        int c = read();
        if (c == EOF) {
            return null;
        }
        record++;
        rowChars = 0;
        field = 0;
        List<String> fields = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        while (true) {
            boolean quoted = false;
            sb.setLength(0);
            if (c == '"') {
                quoted = true;
                c = readQuoted(sb);
            } else {
                while (c != ',' && c != '\r' && c != '\n' && c != EOF) {
                    if (c == '"') {
                        throw malformed("stray quote in an unquoted field");
                    }
                    append(sb, c);
                    c = read();
                }
            }
            fields.add(quoted || sb.length() > 0 ? sb.toString() : null);
            if (c == ',') {
                field++;
                c = read();
                continue;
            }
            if (c == '\r') {
                if (read() != '\n') {
                    throw malformed("CR without LF");
                }
            } else if (c != '\n' && c != EOF) {
                throw malformed("text after a closing quote");
            }
            return fields.toArray(new String[0]);
        }
    }

    /** Reads a quoted field after its opening quote; @return the character after the closing quote */
    private int readQuoted(StringBuilder sb) throws IOException {
        while (true) {
            int c = read();
            if (c == EOF) {
                throw malformed("unterminated quoted field");
            }
            if (c == '"') {
                int d = read();
                if (d != '"') {
                    return d;
                }
            }
            append(sb, c);
        }
    }

    private void append(StringBuilder sb, int c) throws RowTooLong {
        if (++rowChars > maxRow) {
            throw new RowTooLong(record, field, maxRow);
        }
        sb.append((char) c);
    }

    private IOException malformed(String what) {
        return new IOException("malformed CSV at record " + record + ": " + what);
    }

    private int read() throws IOException {
        if (pos == len) {
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return EOF;
            }
        }
        return buf[pos++];
    }
}

package io.github.dbsnap.jdbc;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Writes RFC 4180 CSV in UTF-8 with CRLF line ends. A {@code null} field is written as an unquoted
 * empty field; every other field is quoted when it is empty or contains a comma, a double quote,
 * CR or LF (quotes doubled inside), so that NULL and the empty string stay distinct.
 * Closing the writer closes the stream.
 */
final class CsvWriter implements Closeable {
    private final Writer out;

    CsvWriter(OutputStream out) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
    }

    /** Writes one record. */
    void writeRow(String[] fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            writeField(fields[i]);
        }
        out.write("\r\n");
    }

    private void writeField(String value) throws IOException {
        if (value == null) {
            return;
        }
        if (!needsQuotes(value)) {
            out.write(value);
            return;
        }
        out.write('"');
        int start = 0;
        for (int i = value.indexOf('"'); i >= 0; i = value.indexOf('"', start)) {
            out.write(value, start, i + 1 - start);
            out.write('"');
            start = i + 1;
        }
        out.write(value, start, value.length() - start);
        out.write('"');
    }

    static boolean needsQuotes(String value) {
        if (value.isEmpty()) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }

    /** Writes what is buffered to the stream, leaving it open. */
    void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}

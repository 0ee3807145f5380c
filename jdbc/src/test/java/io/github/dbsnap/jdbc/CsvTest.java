package io.github.dbsnap.jdbc;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CSV encoding: RFC 4180 with CRLF, NULL as an unquoted empty field, the empty string quoted. */
class CsvTest {

    private static String write(String[]... rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvWriter w = new CsvWriter(out)) {
            for (String[] r : rows) {
                w.writeRow(r);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static CsvReader reader(String csv) {
        return new CsvReader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), 1 << 20);
    }

    @Test
    @DisplayName("NULL, empty string, quotes, commas and line breaks are written as documented")
    void writesDocumentedEncoding() throws IOException {
        assertThat(write(new String[] {"a", "b", "c"}, new String[] {null, "", "x,\"y\"\r\nz"}))
                .isEqualTo("a,b,c\r\n,\"\",\"x,\"\"y\"\"\r\nz\"\r\n");
    }

    @Test
    @DisplayName("what the writer writes reads back exactly, NULL and empty string kept apart")
    void roundTrip() throws IOException {
        String[] row = {null, "", " ", "ü🎉", "a\nb", "\"", ",", null};
        CsvReader r = reader(write(row, new String[] {null}, new String[] {""}));
        assertThat(r.next()).containsExactly(row);
        assertThat(r.next()).containsExactly((String) null);
        assertThat(r.next()).containsExactly("");
        assertThat(r.next()).isNull();
    }

    @Test
    @DisplayName("LF line ends and a last record without a line end are accepted")
    void lenientLineEnds() throws IOException {
        CsvReader r = reader("a,b\n1,\"2\"");
        assertThat(r.next()).containsExactly("a", "b");
        assertThat(r.next()).containsExactly("1", "2");
        assertThat(r.next()).isNull();
    }

    @Test
    @DisplayName("malformed CSV fails with the record number")
    void malformed() {
        assertThatThrownBy(() -> {
            CsvReader r = reader("a\r\n\"open");
            r.next();
            r.next();
        }).isInstanceOf(IOException.class).hasMessageContaining("record 2");
        assertThatThrownBy(() -> reader("a\"b\r\n").next()).isInstanceOf(IOException.class);
    }
}

package io.github.dbsnap.jdbc;

import io.github.dbsnap.DatabaseSourceException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The byte-level CSV rewriter of the bulk paths: chunking never matters, and errors name table, row and column. */
class CsvRewriterTest {
    private static final String IN = "1,\"a \"\"q\"\", b\nc\",,\"\"\n2,Grüße 🎉,x\ty\\z,NULL\r\n";
    private static final String[] NAMES = {"id", "t", "n", "e"};

    private static String rewrite(String in, CsvRewriter.Fix[] fixes, CsvRewriter.Format f, int chunk, int maxRow)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvRewriter rw = new CsvRewriter(fixes, f, out, maxRow, "t", NAMES, "loading");
        byte[] b = in.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i += chunk) {
            rw.feed(b, i, Math.min(chunk, b.length - i));
        }
        rw.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("CSV passes through unchanged but for CRLF line ends, whatever the chunking")
    void csvPassThrough() throws Exception {
        String expected = IN.replace("\"\"\n2", "\"\"\r\n2");
        CsvRewriter.Fix[] pass = new CsvRewriter.Fix[4];
        for (int chunk : new int[] {1, 2, 3, 7, 1 << 16}) {
            assertThat(rewrite(IN, pass, CsvRewriter.Format.CSV, chunk, 1000)).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("LOAD DATA text escapes tabs, newlines and backslashes, writes NULL as \\N and keeps the word NULL")
    void mysqlText() throws Exception {
        CsvRewriter.Fix[] pass = new CsvRewriter.Fix[4];
        for (int chunk : new int[] {1, 5, 1 << 16}) {
            assertThat(rewrite(IN, pass, CsvRewriter.Format.MYSQL, chunk, 1000))
                    .isEqualTo("1\ta \"q\", b\\nc\t\\N\t\n2\tGrüße 🎉\tx\\ty\\\\z\tNULL\n");
        }
    }

    @Test
    @DisplayName("fixed fields are converted, dropped fields vanish, and re-encoding quotes what needs it")
    void fixesAndDrops() throws Exception {
        CsvRewriter.Fix[] fixes = {v -> v + "0", CsvRewriter.SAME, CsvRewriter.DROP, v -> v.isEmpty() ? "\\." : v};
        assertThat(rewrite(IN, fixes, CsvRewriter.Format.CSV, 3, 1000))
                .isEqualTo("10,\"a \"\"q\"\", b\nc\",\"\\.\"\r\n20,Grüße 🎉,NULL\r\n");
    }

    @Test
    @DisplayName("a value that does not convert, a row over max-row-size, and a malformed row name table, row and column")
    void errorsNameTheRow() {
        CsvRewriter.Fix[] fixes = {v -> String.valueOf(Integer.parseInt(v)), null, null, null};
        assertThatThrownBy(() -> rewrite("1,a,b,c\nx2,a,b,c\n", fixes, CsvRewriter.Format.CSV, 4, 1000))
                .isInstanceOf(DatabaseSourceException.class)
                .hasMessage("table 't', row 2, column 'id': the value cannot be converted (NumberFormatException)");
        assertThatThrownBy(() -> rewrite("1,a,b,c\n2,a,🎉🎉🎉,c\n", new CsvRewriter.Fix[4], CsvRewriter.Format.CSV, 4, 7))
                .isInstanceOf(DatabaseSourceException.class)
                .hasMessageStartingWith("table 't', row 2, column 'n': the row is longer than max-row-size (7 characters");
        assertThatThrownBy(() -> rewrite("1,a,b,c,d\n", new CsvRewriter.Fix[4], CsvRewriter.Format.CSV, 4, 100))
                .hasMessage("loading table 't' failed: row 1 has more fields than the 4 columns (malformed CSV)");
        assertThatThrownBy(() -> rewrite("1,a,b\n", new CsvRewriter.Fix[4], CsvRewriter.Format.CSV, 4, 100))
                .hasMessage("loading table 't' failed: row 1 has 3 fields, the table 4 (malformed CSV)");
        assertThatThrownBy(() -> rewrite("1,\"a,b,c\n", new CsvRewriter.Fix[4], CsvRewriter.Format.CSV, 4, 100))
                .hasMessageContaining("ends inside a quoted field");
    }

    @Test
    @DisplayName("the pull adapter yields the rewritten stream")
    void pullAdapter() throws Exception {
        RewritingInputStream in = new RewritingInputStream(new ByteArrayInputStream(IN.getBytes(StandardCharsets.UTF_8)),
                sink -> new CsvRewriter(new CsvRewriter.Fix[4], CsvRewriter.Format.MYSQL, sink, 1000, "t", NAMES, "loading"));
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).endsWith("x\\ty\\\\z\tNULL\n");
        assertThat(in.rewriter().rows()).isEqualTo(2);
    }

    @Test
    @DisplayName("PostgreSQL's COPY text of date-times and floats becomes the canonical text")
    void pgDumpFixes() {
        ColumnDef ts = new ColumnDef("c", ValueKind.TIMESTAMP, "TIMESTAMP", "timestamp", true, false);
        ColumnDef tz = new ColumnDef("c", ValueKind.TIMESTAMPTZ, "TIMESTAMP", "timestamptz", true, false);
        ColumnDef tm = new ColumnDef("c", ValueKind.TIME, "TIME", "time", true, false);
        ColumnDef d = new ColumnDef("c", ValueKind.DOUBLE, "DOUBLE", "float8", true, false);
        assertThat(BulkText.pgDumpFix(ts).apply("2024-05-01 10:15:30.12")).isEqualTo("2024-05-01T10:15:30.120");
        assertThat(BulkText.pgDumpFix(ts).apply("2024-05-01 10:15:30")).isEqualTo("2024-05-01T10:15:30");
        assertThat(BulkText.pgDumpFix(tz).apply("2024-05-01 10:15:30.1234+00")).isEqualTo("2024-05-01T10:15:30.123400Z");
        assertThat(BulkText.pgDumpFix(tm).apply("10:15:30.5")).isEqualTo("10:15:30.500");
        assertThat(BulkText.pgDumpFix(d).apply("1e+300")).isEqualTo("1.0E300");
        assertThatThrownBy(() -> BulkText.pgDumpFix(ts).apply("infinity")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BulkText.pgDumpFix(ts).apply("2024-05-01 10:15:30 BC")).isInstanceOf(IllegalArgumentException.class);
        assertThat(BulkText.sqlTimestamp("2024-05-01T10:15:30.123456Z")).isEqualTo("2024-05-01 10:15:30.123456");
        assertThat(BulkText.sqlTimestamp("2024-05-01T12:15:30+02:00")).isEqualTo("2024-05-01 10:15:30.000000");
    }
}

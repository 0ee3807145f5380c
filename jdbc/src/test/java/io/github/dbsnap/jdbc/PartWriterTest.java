package io.github.dbsnap.jdbc;

import io.github.dbsnap.spi.EntryWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The part writer and reader without a database: names and sizes of parts, the bounded spool, failures
 * in either thread ending the entry with the first failure and no temp file left, and the reader
 * concatenating parts back (and refusing parts out of order).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PartWriterTest {
    @TempDir
    Path dir;

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    private List<String> spools() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PartWriter.TEMP_PREFIX)).toList();
        }
    }

    private String write(CapturingEntryWriter out, String entry, byte[] content, long partSize) throws Exception {
        try (PartWriter parts = new PartWriter(out, dir, partSize, 2)) {
            return parts.write(entry, to -> {
                for (int off = 0; off < content.length; off += 5) {
                    to.write(content, off, Math.min(5, content.length - off));
                }
                return "done";
            });
        }
    }

    @Test
    @DisplayName("a content longer than a part becomes numbered parts of exactly the part size but the last")
    void splitsIntoParts() throws Exception {
        CapturingEntryWriter out = new CapturingEntryWriter();
        byte[] content = bytes(250);
        assertThat(write(out, "tables/t.csv", content, 100)).isEqualTo("done");
        assertThat(out.entries.keySet()).containsExactly("tables/t.csv.part-000001", "tables/t.csv.part-000002",
                "tables/t.csv.part-000003");
        assertThat(out.entries.values()).extracting(b -> b.length).containsExactly(100, 100, 50);
        assertThat(out.logical("tables/t.csv")).isEqualTo(new String(content, StandardCharsets.US_ASCII));
        assertThat(spools()).isEmpty();
    }

    @Test
    @DisplayName("a content that fits in one part, even exactly, keeps the entry's own name, as before parts; so does an empty one")
    void onePartKeepsTheName() throws Exception {
        CapturingEntryWriter out = new CapturingEntryWriter();
        write(out, "tables/a.csv", bytes(100), 100);
        write(out, "tables/b.csv", new byte[0], 100);
        write(out, "tables/c.csv", bytes(200), 100);
        assertThat(out.entries.keySet()).containsExactly("tables/a.csv", "tables/b.csv", "tables/c.csv.part-000001",
                "tables/c.csv.part-000002");
        assertThat(out.entries.get("tables/b.csv")).isEmpty();
        assertThat(out.entries.get("tables/c.csv.part-000002")).hasSize(100);
    }

    @Test
    @DisplayName("at most two parts are spooled ahead of the one being written, however long the entry")
    void spoolIsBounded() throws Exception {
        List<Integer> seen = new ArrayList<>();
        CapturingEntryWriter capture = new CapturingEntryWriter();
        EntryWriter out = new DelegatingWriter(capture) {
            @Override
            public void write(String name, long size, InputStream data) throws IOException {
                seen.add(spools().size());
                super.write(name, size, data);
            }
        };
        try (PartWriter parts = new PartWriter(out, dir, 64, 2)) {
            parts.write("tables/t.csv", to -> {
                to.write(bytes(64 * 50));
                return null;
            });
        }
        assertThat(seen).hasSize(50).allSatisfy(n -> assertThat(n).isBetween(1, 3));
        assertThat(spools()).isEmpty();
    }

    @Test
    @DisplayName("a failing producer ends the entry with its own exception, and no spool is left")
    void producerFailure() throws Exception {
        SQLException cut = new SQLException("An I/O error occurred while sending to the backend.", "08006");
        CapturingEntryWriter out = new CapturingEntryWriter();
        try (PartWriter parts = new PartWriter(out, dir, 100, 2)) {
            assertThatThrownBy(() -> parts.write("tables/t.csv", to -> {
                to.write(bytes(450));
                throw cut;
            })).isSameAs(cut);
        }
        assertThat(out.entries.keySet()).allMatch(n -> n.startsWith("tables/t.csv.part-"));
        assertThat(spools()).isEmpty();
    }

    @Test
    @DisplayName("a failing archive write ends the entry with its exception and stops an endless producer, leaving no spool")
    void writerFailureStopsProducer() throws Exception {
        IOException full = new IOException("No space left on device");
        AtomicLong produced = new AtomicLong();
        EntryWriter out = new DelegatingWriter(new CapturingEntryWriter()) {
            @Override
            public void write(String name, long size, InputStream data) throws IOException {
                if (name.endsWith("part-000003")) {
                    throw full;
                }
                super.write(name, size, data);
            }
        };
        List<Throwable> producerSaw = new ArrayList<>();
        try (PartWriter parts = new PartWriter(out, dir, 100, 2)) {
            assertThatThrownBy(() -> parts.write("tables/t.csv", to -> {
                byte[] row = bytes(30);
                try {
                    while (true) {
                        to.write(row);
                        produced.addAndGet(row.length);
                    }
                } catch (IOException e) {
                    producerSaw.add(e);
                    throw e;
                }
            })).isSameAs(full);
        }
        assertThat(producerSaw).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("archive write failed"));
        assertThat(produced.get()).isLessThan(100 * 6);
        assertThat(spools()).isEmpty();
    }

    @Test
    @DisplayName("the reader gives back parts as one entry, then the entries after them as they were")
    void readerConcatenates() throws Exception {
        CapturingEntryWriter out = new CapturingEntryWriter();
        out.entries.put("schema.json", "{}".getBytes(StandardCharsets.UTF_8));
        write(out, "tables/a.csv", bytes(230), 100);
        write(out, "tables/b.csv", bytes(30), 100);
        write(out, "tables/c.csv", bytes(101), 100);
        PartReader in = new PartReader(new EntryListReader(out, Map.of(), false));
        assertThat(in.next().orElseThrow().name()).isEqualTo("schema.json");
        assertThat(new String(in.next().orElseThrow().content().readAllBytes(), StandardCharsets.US_ASCII))
                .isEqualTo(new String(bytes(230), StandardCharsets.US_ASCII));
        var b = in.next().orElseThrow();
        assertThat(b.name()).isEqualTo("tables/b.csv");
        assertThat(b.content().readAllBytes()).isEqualTo(bytes(30));
        var c = in.next().orElseThrow();
        assertThat(c.name()).isEqualTo("tables/c.csv");
        assertThat(c.content().read()).isEqualTo('a');
        // the rest of c, unread, is skipped by the next call
        assertThat(in.next()).isEmpty();
    }

    @Test
    @DisplayName("a missing part or a later part on its own fails the read naming the entry")
    void readerRefusesGaps() throws Exception {
        CapturingEntryWriter out = new CapturingEntryWriter();
        write(out, "tables/a.csv", bytes(350), 100);
        out.entries.remove("tables/a.csv.part-000002");
        PartReader in = new PartReader(new EntryListReader(out, Map.of(), false));
        var a = in.next().orElseThrow();
        assertThat(a.content().readAllBytes()).hasSize(100);
        assertThatThrownBy(in::next).isInstanceOf(IOException.class)
                .hasMessageContaining("'tables/a.csv.part-000003' is a part of 'tables/a.csv'");
    }

    @Test
    @DisplayName("cleanup removes part spools left by a killed dump once they are old enough")
    void cleanupRemovesOldSpools() throws Exception {
        Path left = Files.createTempFile(dir, PartWriter.TEMP_PREFIX, PartWriter.TEMP_SUFFIX);
        Path other = Files.createFile(dir.resolve("unrelated.tmp"));
        JdbcSource source = new JdbcSource(new JdbcSourceConfig("jdbc:sqlite::memory:", null, null, null, List.of(),
                List.of(), false, 10), dir, 100);
        assertThat(source.cleanup(Duration.ofHours(1))).isZero();
        Files.setLastModifiedTime(left, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
        assertThat(source.cleanup(Duration.ofHours(1))).isEqualTo(1);
        assertThat(left).doesNotExist();
        assertThat(other).exists();
    }

    /** Passes entries on to another writer. */
    private static class DelegatingWriter implements EntryWriter {
        private final EntryWriter to;

        DelegatingWriter(EntryWriter to) {
            this.to = to;
        }

        @Override
        public void write(String name, long size, InputStream data) throws IOException {
            to.write(name, size, data);
        }

        @Override
        public OutputStream open(String name) throws IOException {
            return to.open(name);
        }
    }
}
